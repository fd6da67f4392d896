// The one way the web app talks to the server: JSON over fetch with the session cookie.
// Errors come back as { code, message, field } and are thrown as ApiError.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly details?: unknown;
  constructor(status: number, body: { code?: string; message?: string; field?: string; details?: unknown }) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? 'internal';
    this.field = body.field;
    this.details = body.details;
  }
}

let onUnauthenticated: (() => void) | undefined;
/** Called when the session ends (401 from any request but sign-in). */
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

export async function api<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError(0, { code: 'network', message: 'The server cannot be reached' });
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { code: 'internal', message: text.slice(0, 200) };
  }
  if (!res.ok) {
    const err = new ApiError(res.status, (data ?? {}) as Record<string, string>);
    if (res.status === 401 && err.code === 'unauthenticated' && !url.startsWith('/api/auth/login')) onUnauthenticated?.();
    throw err;
  }
  return data as T;
}

/** Query string from an object; empty values are left out. */
export function qs(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

// ---- shapes of the API answers the UI uses ----

export type Language = 'en' | 'pl' | 'cs';
export type Role = 'admin' | 'manager' | 'supervisor' | 'agent';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  language: Language;
  active: boolean;
}
export interface Me {
  user: User;
  permissions: string[];
}

export interface ContactFilter {
  importGroupId?: number;
  name?: string;
  region?: string;
  street?: string;
  city?: string;
  postalCode?: string;
  phone?: string;
  locationId?: number;
  leastRecentlyUsed?: number;
  onlyFree?: boolean;
  blocked?: 'include' | 'exclude' | 'only';
  ids?: number[];
}

export interface Contact {
  id: number;
  ordinal?: number;
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  street: string | null;
  houseNumber: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  county: string | null;
  commune: string | null;
  phone1: string | null;
  phone1Raw: string | null;
  phone2: string | null;
  phone2Raw: string | null;
  email: string | null;
  custom: Record<string, unknown>;
  source: string;
  importGroupId: number | null;
  blocked: boolean;
  blockedReason: string | null;
  inCampaignId: number | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactPage {
  page: number;
  pageSize: number;
  hasMore: boolean;
  items: (Contact & { ordinal: number })[];
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  campaignId: number | null;
  /** the campaign's current name (null: none, or deleted) */
  campaignName: string | null;
  userId: number | null;
  data: Record<string, unknown>;
}

export interface CustomField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean';
  createdAt: string;
}

export interface ImportGroup {
  id: number;
  name: string;
  contacts: number;
}

export interface LocationNode {
  id: number;
  level: number;
  levelKey: string;
  name: string;
}

export interface ImportInfo {
  id: number;
  fileName: string;
  fileSize: number;
  encoding: string;
  delimiter: string;
  hasHeader: boolean;
  state: string;
  groupId: number | null;
  groupName: string | null;
  duplicatePolicy: string | null;
  jobId: number | null;
  rowsRead: number;
  added: number;
  updated: number;
  duplicates: number;
  rejected: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportPreview {
  encoding: string;
  delimiter: string;
  columnCount: number;
  rows: string[][];
  suggestedMapping: Record<string, string>;
}

export interface Campaign {
  id: number;
  name: string;
  type: string;
  state: string;
  createdAt: string;
}

export interface AssignPreview {
  selected: number;
  free: number;
  eligible: number;
  campaign: { id: number; name: string; total: number; unused: number } | null;
}

export interface AssignResult {
  total: number;
  added: number;
  skippedInUse: number;
  skippedBlocked: number;
  skippedDuplicate: number;
}

export interface JobInfo {
  id: number;
  kind: string;
  state: string;
  attempts: number;
  progress: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}
