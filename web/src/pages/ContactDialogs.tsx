// CT-7 edit/add a contact (every field, custom ones included) and CT-9 its timeline.
import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError, type Campaign, type Contact, type CustomField, type TimelineEntry } from '../api.ts';
import { type Key, useI18n } from '../i18n/index.tsx';
import { Dialog, Empty, errorText, Field, fieldError } from '../ui.tsx';
import { standardFields } from '../../../src/shared/contact-fields.ts';

const standard = standardFields;
type Std = (typeof standard)[number];

function initialValues(c: Contact | null): Record<Std, string> {
  const v = {} as Record<Std, string>;
  for (const k of standard) {
    if (k === 'phone1') v[k] = c?.phone1Raw ?? c?.phone1 ?? '';
    else if (k === 'phone2') v[k] = c?.phone2Raw ?? c?.phone2 ?? '';
    else v[k] = (c?.[k] as string | null) ?? '';
  }
  return v;
}

function initialCustom(c: Contact | null, fields: CustomField[]): Record<string, string> {
  const v: Record<string, string> = {};
  for (const f of fields) {
    const raw = c?.custom?.[f.key];
    v[f.key] = raw === null || raw === undefined ? '' : String(raw);
  }
  return v;
}

export function ContactDialog({
  contact,
  fields,
  onClose,
  onSaved,
}: {
  contact: Contact | null;
  fields: CustomField[];
  onClose: () => void;
  onSaved: (c: Contact, isNew: boolean) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [values, setValues] = useState(() => initialValues(contact));
  const [custom, setCustom] = useState(() => initialCustom(contact, fields));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = {};
    for (const k of standard) body[k] = values[k].trim() || null;
    const c: Record<string, string | number | boolean | null> = {};
    for (const f of fields) {
      const v = custom[f.key].trim();
      if (!v) c[f.key] = null;
      else if (f.type === 'boolean') c[f.key] = v === 'true';
      else c[f.key] = v;
    }
    if (fields.length) body.custom = c;
    try {
      const saved = contact ? await api<Contact>('PATCH', `/api/contacts/${contact.id}`, body) : await api<Contact>('POST', '/api/contacts', body);
      onSaved(saved, !contact);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const fe = (field: string) => fieldError(error, field, i18n);
  const known = [...standard, ...fields.map((f) => `custom.${f.key}`)];
  const general = error && !(error instanceof ApiError && error.field && known.includes(error.field)) ? errorText(error, i18n) : null;
  const formId = 'contact-form';

  return (
    <Dialog
      title={contact ? t('contact.editTitle', { id: contact.id }) : t('contact.addTitle')}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <div className="form-grid">
          {standard.map((k) => (
            <Field key={k} label={t(`contact.${k}` as Key)} error={fe(k)}>
              {(id) => (
                <input
                  id={id}
                  type={k === 'email' ? 'email' : k.startsWith('phone') ? 'tel' : 'text'}
                  value={values[k]}
                  onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
                />
              )}
            </Field>
          ))}
        </div>
        {fields.length > 0 && (
          <>
            <h3 className="section-title">{t('contact.customFields')}</h3>
            <div className="form-grid">
              {fields.map((f) => (
                <Field key={f.key} label={f.label} error={fe(`custom.${f.key}`)}>
                  {(id) =>
                    f.type === 'boolean' ? (
                      <select id={id} value={custom[f.key]} onChange={(e) => setCustom((v) => ({ ...v, [f.key]: e.target.value }))}>
                        <option value="">—</option>
                        <option value="true">{t('common.yes')}</option>
                        <option value="false">{t('common.no')}</option>
                      </select>
                    ) : (
                      <input
                        id={id}
                        type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text'}
                        value={custom[f.key]}
                        onChange={(e) => setCustom((v) => ({ ...v, [f.key]: e.target.value }))}
                      />
                    )
                  }
                </Field>
              ))}
            </div>
          </>
        )}
        {contact && (
          <dl className="meta">
            <dt>{t('contact.source')}</dt>
            <dd>{i18n.tk(`source.${contact.source}`, contact.source)}</dd>
            <dt>{t('contact.createdAt')}</dt>
            <dd>{i18n.date(contact.createdAt)}</dd>
            <dt>{t('contact.updatedAt')}</dt>
            <dd>{i18n.date(contact.updatedAt)}</dd>
          </dl>
        )}
      </form>
    </Dialog>
  );
}

export function TimelineDialog({ contact, campaigns, onClose }: { contact: Contact; campaigns: Map<number, Campaign>; onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<TimelineEntry[]>('GET', `/api/contacts/${contact.id}/timeline`).then(setEntries, setError);
  }, [contact.id]);

  const detail = (e: TimelineEntry) => {
    const d = e.data ?? {};
    if (e.kind === 'created' && typeof d.source === 'string') return i18n.tk(`source.${d.source}`, d.source);
    if (e.kind === 'updated' && Array.isArray(d.fields)) {
      const names = new Set(d.fields.map((f) => String(f).replace(/Raw$/, '')));
      return [...names].map((f) => i18n.tk(`contact.${f}`, f)).join(', ');
    }
    if (typeof d.reason === 'string') return d.reason;
    if (e.kind === 'email_in') return `${String(d.from)}: ${String(d.subject ?? '')}`;
    const rest = Object.entries(d);
    return rest.length ? rest.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ') : '';
  };

  return (
    <Dialog title={t('timeline.title', { id: contact.id })} onClose={onClose} wide>
      {error ? (
        <div className="alert alert-error" role="alert">
          {errorText(error, i18n)}
        </div>
      ) : !entries ? (
        <p className="muted">{t('common.loading')}</p>
      ) : entries.length === 0 ? (
        <Empty>{t('timeline.empty')}</Empty>
      ) : (
        <ol className="timeline">
          {entries.map((e) => (
            <li key={e.id} className={`timeline-item timeline-${e.kind}`}>
              <time dateTime={e.at}>{i18n.date(e.at)}</time>
              <div>
                <strong>{i18n.tk(`timeline.kind.${e.kind}`, e.kind)}</strong>
                {e.campaignId && (
                  <span className="muted">
                    {' '}
                    · {t('timeline.campaign')} {e.campaignId}
                    {campaigns.get(e.campaignId) ? ` ${campaigns.get(e.campaignId)?.name}` : ''}
                  </span>
                )}
                {detail(e) && <div className="muted">{detail(e)}</div>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
