import type { Db } from '../client';
import type { DemoContext } from './demo';
import { seedPoints } from './points';
import { seedWeekly } from './weekly';
import { seedBulletin } from './bulletin';

/** Demo data steps of the later modules, run after org and people. */
export const demoSteps: Array<(db: Db, ctx: DemoContext) => Promise<void>> = [seedPoints, seedWeekly, seedBulletin];
