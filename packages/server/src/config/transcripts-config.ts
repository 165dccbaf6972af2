import { z } from 'zod';
import { type Env, readArea, variable } from './env.js';

export interface TranscriptsConfig {
  /** `DescribeTelRecordAsr` requests a minute for fetching transcripts in the background; 0: only on opening. */
  transcriptFetchPerMinute: number;
}

const transcriptsVariables = {
  TRANSCRIPT_FETCH_PER_MINUTE: variable(
    z.coerce.number().int().min(0).max(600).default(30),
    'whole requests a minute, 0-600 (0: transcripts are fetched only when a call page opens), e.g. 30',
  ),
};

/** Transcripts fetched in the background after a recorded call's CDR, paced under TCCC's quota. */
export function transcriptsConfig(env: Env): TranscriptsConfig {
  const v = readArea(env, transcriptsVariables);
  return { transcriptFetchPerMinute: v.TRANSCRIPT_FETCH_PER_MINUTE };
}
