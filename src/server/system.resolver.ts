import { Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLContext, requireUser } from './context';

@ObjectType({ description: 'The signed-in user' })
export class Me {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
}

@Resolver()
export class SystemResolver {
  @Query(() => Me, { description: 'Who the token says you are (registers your profile on first use)' })
  me(@Ctx() context: GraphQLContext): Me {
    return requireUser(context);
  }
}
