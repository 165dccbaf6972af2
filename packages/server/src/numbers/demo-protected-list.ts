import type { Kysely } from 'kysely';
import { campaignSettings } from '../api/campaigns.js';
import { createCampaignStore } from '../campaigns/campaign-store.js';
import { demoCustomers } from '../customers/demo-customers.js';
import type { Database } from '../db/schema.js';

export const demoProtectedListName = '演示：号码保护 / demo: protected numbers';

/**
 * Emulator mode with number mapping on (what `npm start` runs): one call list whose numbers agents
 * never see, made of the demo customers, so a newcomer sees protection at work. Added once, when no
 * list has that name yet.
 */
export async function seedDemoProtectedList(db: Kysely<Database>, now: () => number): Promise<void> {
  const found = await db
    .selectFrom('campaigns')
    .select('id')
    .where('name', '=', demoProtectedListName)
    .executeTakeFirst();
  if (found !== undefined) return;
  const store = createCampaignStore(db, now);
  const settings = campaignSettings.parse({
    name: demoProtectedListName,
    mode: 'preview',
    protectNumbers: true,
    // A demo may be run at any hour; a real list keeps its calling hours.
    hoursStart: '00:00',
    hoursEnd: '24:00',
  });
  const list = await store.create(settings, 'supervisor');
  await store.addEntries(
    list.id,
    demoCustomers.map((c, i) => ({ row: i + 2, phone: c.phone, name: c.name, fields: { note: c.note } })),
  );
}
