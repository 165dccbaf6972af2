import { ApiError } from '../api/api-error.js';
import type {
  CallbackEntry,
  Campaign,
  CampaignEntry,
  CampaignStats,
  ClaimAnswer,
  DncNumber,
  ImportAnswer,
  NewCampaign,
  PermitAnswer,
} from './campaign-types.js';

export interface CampaignApiOptions {
  fetch?: typeof fetch;
  language?: () => string;
}

/** The call-list, permit and do-not-call routes of the server. */
export function createCampaignApi(options: CampaignApiOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const language =
    options.language ?? (() => globalThis.localStorage?.getItem('tccc-dialer.locale') ?? 'zh-CN');

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    type = 'application/json',
  ): Promise<T> {
    let res: Response;
    const headers: Record<string, string> = { 'Accept-Language': language() };
    if (body !== undefined) headers['Content-Type'] = type;
    try {
      res = await doFetch(path, {
        method,
        credentials: 'same-origin',
        headers,
        ...(body === undefined
          ? {}
          : { body: type === 'application/json' ? JSON.stringify(body) : (body as BodyInit) }),
      });
    } catch (cause) {
      throw new ApiError('NETWORK_ERROR', 'Network failure', 0, { cause });
    }
    const data: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(err?.code ?? 'HTTP_ERROR', err?.message ?? `HTTP ${res.status}`, res.status);
    }
    return data as T;
  }

  const base = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;
  return {
    list: () => request<{ items: Campaign[] }>('GET', '/api/campaigns'),
    get: (id: string) => request<{ campaign: Campaign }>('GET', base(id)),
    create: (c: NewCampaign) => request<{ campaign: Campaign }>('POST', '/api/campaigns', c),
    setStatus: (id: string, status: Campaign['status']) =>
      request<{ campaign: Campaign }>('PATCH', base(id), { status }),
    /** The file's bytes as picked: the server tells UTF-8 from GBK. */
    importFile: (id: string, bytes: ArrayBuffer) =>
      request<ImportAnswer>('POST', `${base(id)}/import`, bytes, 'text/csv'),
    entries: (id: string) => request<{ items: CampaignEntry[] }>('GET', `${base(id)}/entries`),
    stats: (id: string) => request<CampaignStats>('GET', `${base(id)}/stats`),
    exportUrl: (id: string) => `${base(id)}/export.csv`,
    claim: (id: string) => request<ClaimAnswer>('POST', `${base(id)}/claim`),
    result: (
      id: string,
      entryId: string,
      body: {
        sessionId?: string;
        outcome: string;
        disposition?: string;
        note?: string;
        callbackAt?: string;
        wrapUpMs?: number;
      },
    ) =>
      request<{ entry: CampaignEntry }>(
        'POST',
        `${base(id)}/entries/${encodeURIComponent(entryId)}/result`,
        body,
      ),
    callbacks: () => request<{ items: CallbackEntry[] }>('GET', '/api/campaigns/callbacks'),
    permit: (body: { phone: string; campaignId?: string; entryId?: string }) =>
      request<PermitAnswer>('POST', '/api/dial-permits', body),
    dnc: () => request<{ items: DncNumber[] }>('GET', '/api/dnc'),
    addDnc: (phone: string, reason: string) =>
      request<{ added: number }>('POST', '/api/dnc', { phone, reason }),
    removeDnc: (phone: string, reason: string) =>
      request<{ ok: true }>(
        'DELETE',
        `/api/dnc/${encodeURIComponent(phone)}?reason=${encodeURIComponent(reason)}`,
      ),
  };
}

export const campaignApi = createCampaignApi();
export type CampaignApi = ReturnType<typeof createCampaignApi>;
