import type { Services } from '../services';

/**
 * The hook run after a daily context commits (outside its transaction): the day's analysis
 * (issue #8 item 3) goes here. For now it does nothing.
 */
export async function afterContextLogged(services: Services, userId: string, date: string): Promise<void> {
  void services;
  void userId;
  void date;
}
