import { Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLContext, requireUser } from './context';

@ObjectType({ description: 'The signed-in user' })
export class Me {
  @Field(() => ID, { description: 'Your user id: the token\'s subject' }) id!: string;
  @Field(() => String, { nullable: true, description: 'The email the token carries, if any' }) email!: string | null;
  // currentProgram, programs, consultations: field resolvers in profiles/me.resolver.ts
}

@Resolver()
export class SystemResolver {
  @Query(() => Me, { description: 'Who the token says you are (registers your profile on first use)' })
  me(@Ctx() context: GraphQLContext): Me {
    return requireUser(context);
  }
}
