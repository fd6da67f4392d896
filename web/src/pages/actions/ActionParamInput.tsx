// The parameter of an automatic action in the process editor, as the kind needs it: a user for a
// notification, a campaign for move/copy, an e-mail template when the mail module offers them
// (GET /api/mail/templates), free text (with placeholders) for the rest.
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';

interface Option {
  value: string;
  label: string;
}

/** one fetch per list while the editor is open, shared by every action of every status */
const cache = new Map<string, Promise<Option[] | null>>();
function options(url: string, map: (rows: Record<string, unknown>[]) => Option[]): Promise<Option[] | null> {
  let p = cache.get(url);
  if (!p) {
    p = api<Record<string, unknown>[] | { items: Record<string, unknown>[] }>('GET', url).then(
      (r) => map(Array.isArray(r) ? r : r.items),
      () => null,
    );
    cache.set(url, p);
  }
  return p;
}

/** The process editor calls this when it opens: a template, user or campaign made meanwhile is listed. */
export function forgetParamOptions() {
  cache.clear();
}

const sources: Partial<Record<string, { url: string; map: (rows: Record<string, unknown>[]) => Option[] }>> = {
  notification: {
    url: '/api/actions/recipients',
    map: (rows) => rows.map((u) => ({ value: String(u.id), label: `${u.displayName} (${u.username})` })),
  },
  move_to_campaign: { url: '/api/campaigns', map: (rows) => rows.map((c) => ({ value: String(c.id), label: `${c.id} · ${c.name}` })) },
  copy_case: { url: '/api/campaigns', map: (rows) => rows.map((c) => ({ value: String(c.id), label: `${c.id} · ${c.name}` })) },
  email_template: { url: '/api/mail/templates', map: (rows) => rows.map((x) => ({ value: String(x.id), label: String(x.name ?? x.id) })) },
};

const withPlaceholders = new Set(['sms', 'call_and_play']);

export function ActionParamInput({
  id,
  kind,
  value,
  disabled,
  onChange,
}: {
  id: string;
  kind: string;
  value: string;
  disabled?: boolean;
  onChange: (v: string) => void;
}) {
  const { t } = useI18n();
  const source = sources[kind];
  const [list, setList] = useState<Option[] | null | undefined>(undefined);
  useEffect(() => {
    setList(undefined);
    if (!source) return;
    let live = true;
    options(source.url, source.map).then((o) => live && setList(o));
    return () => {
      live = false;
    };
  }, [source]);

  // a list (null = the server offers none: free text, e.g. no mail module yet)
  if (source && list) {
    const known = list.some((o) => o.value === value);
    return (
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('process.param.choose')}</option>
        {!known && value && <option value={value}>{value}</option>}
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (withPlaceholders.has(kind)) {
    return (
      <>
        <textarea id={id} rows={2} value={value} maxLength={2000} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
        <span className="muted small">{t('process.param.placeholders')}</span>
      </>
    );
  }
  return <input id={id} value={value} maxLength={2000} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
}
