import type { Campaign } from '../api/index.js';

type Translate = (key: string) => string;

/** Why an entry closed, in words: a disposition's label, a rule, or a call outcome. */
export function reasonLabel(
  key: string | null,
  campaign: Campaign | undefined,
  t: Translate,
  lang: 'zh-CN' | 'en-US',
): string {
  if (key === null) return '';
  const disposition = campaign?.dispositions.find((d) => d.key === key);
  if (disposition) return disposition.label[lang];
  if (key === 'maxAttempts' || key === 'DNC_LISTED' || key === 'calledIn')
    return t(`campaigns.detail.reasons.${key}`);
  const outcome = t(`outcome.${key}`);
  return outcome === `outcome.${key}` ? key : outcome;
}
