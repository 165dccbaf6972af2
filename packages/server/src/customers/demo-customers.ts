import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createCustomerStore } from './customer-store.js';

/**
 * One customer per callee behaviour of the emulator (docs/emulator.md), so a demo can show every
 * outcome from the customer list. Numbers stay as the emulator knows them.
 */
export const demoCustomers = [
  { name: '王芳', phone: '13800138000', company: '华联商贸有限公司', note: '演示：接听 / demo: answers' },
  { name: '李强', phone: '13800138001', company: '东方物流', note: '演示：忙线 / demo: busy' },
  { name: '张敏', phone: '13800138002', company: '星辰科技', note: '演示：无人接听 / demo: no answer' },
  { name: '刘洋', phone: '13800138003', company: '远航教育', note: '演示：关机 / demo: power off' },
  { name: '陈静', phone: '13800138004', company: null, note: '演示：空号 / demo: number does not exist' },
  {
    name: '赵磊',
    phone: '13800138005',
    company: '蓝海餐饮',
    note: '演示：接听后对方挂断 / demo: callee hangs up',
  },
] as const;

/** Adds the demo customers when the list is empty (emulator mode only); returns how many it added. */
export async function seedDemoCustomers(db: Kysely<Database>, now: () => number = Date.now): Promise<number> {
  const store = createCustomerStore(db, now);
  if ((await store.count()) > 0) return 0;
  return store.insertMany(demoCustomers.map((c) => ({ ...c })));
}
