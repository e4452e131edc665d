import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Database } from '../db/database';
import { Clock, Services, createServices } from '../../services';

/** A clock the test sets: domain code never reads the real time. */
export class FixedClock implements Clock {
  constructor(private current: Date = new Date('2026-03-02T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export function testServices(db: Database, clock: Clock = new FixedClock()): Services {
  return createServices(db, pino({ level: 'silent' }), { clock, newId: randomUUID });
}

export const newUserId = (): string => randomUUID();
