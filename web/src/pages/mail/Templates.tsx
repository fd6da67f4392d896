// E-mail templates: list, editor with the placeholder list (click to insert), preview for a case.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Dialog, errorText, Field, fieldError, ListCard, useConfirmedDelete, useToast } from '../../ui.tsx';
import type { MailTemplate, Placeholders, SmtpAccount } from './types.ts';

type Draft = Omit<MailTemplate, 'id' | 'bodyHtml'> & { bodyHtml: string };
const blank: Draft = { name: '', accountId: null, recipient: '{{contact.email}}', subject: '', bodyText: '', bodyHtml: '' };

export function TemplatesTab() {
  const { t } = useI18n();
  const toast = useToast();
  const confirmDelete = useConfirmedDelete();
  const [list, setList] = useState<MailTemplate[] | null>(null);
  const [accounts, setAccounts] = useState<SmtpAccount[]>([]);
  const [editing, setEditing] = useState<{ id: number | null; draft: Draft } | null>(null);
  const load = useCallback(() => void api<MailTemplate[]>('GET', '/api/mail/templates').then(setList, toast.error), [toast]);
  useEffect(load, [load]);
  useEffect(() => void api<SmtpAccount[]>('GET', '/api/mail/accounts').then(setAccounts, toast.error), [toast]);

  const remove = (x: MailTemplate) =>
    confirmDelete({
      title: t('mail.template.deleteTitle'),
      text: t('mail.template.deleteText', { name: x.name }),
      url: `/api/mail/templates/${x.id}`,
      done: load,
    });

  return (
    <>
      <div className="table-toolbar">
        <button type="button" className="button button-primary" onClick={() => setEditing({ id: null, draft: blank })}>
          + {t('mail.template.add')}
        </button>
      </div>
      <ListCard items={list} empty={t('mail.template.none')}>
        {(items) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('mail.template.name')}</th>
                <th>{t('mail.template.subject')}</th>
                <th>{t('mail.template.recipient')}</th>
                <th className="col-actions">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <td>{x.name}</td>
                  <td>{x.subject}</td>
                  <td>
                    <code>{x.recipient}</code>
                  </td>
                  <td className="col-actions nowrap">
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        setEditing({
                          id: x.id,
                          draft: {
                            name: x.name,
                            accountId: x.accountId,
                            recipient: x.recipient,
                            subject: x.subject,
                            bodyText: x.bodyText,
                            bodyHtml: x.bodyHtml ?? '',
                          },
                        })
                      }
                    >
                      {t('common.edit')}
                    </button>{' '}
                    <button type="button" className="link link-danger" onClick={() => void remove(x)}>
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListCard>
      {editing && (
        <TemplateDialog
          {...editing}
          accounts={accounts}
          onClose={() => setEditing(null)}
          onSaved={(name, close) => {
            toast.success(t('mail.template.saved', { name }));
            if (close) setEditing(null);
            load();
          }}
        />
      )}
    </>
  );
}

function TemplateDialog({
  id,
  draft,
  accounts,
  onClose,
  onSaved,
}: {
  id: number | null;
  draft: Draft;
  accounts: SmtpAccount[];
  onClose: () => void;
  onSaved: (name: string, close: boolean) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [d, setD] = useState(draft);
  // a new template gets its id at the first save (a preview saves too) and stays open
  const [savedId, setSavedId] = useState(id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [placeholders, setPlaceholders] = useState<Placeholders | null>(null);
  const [caseId, setCaseId] = useState('');
  const [preview, setPreview] = useState<{ to: string; subject: string; html: string } | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const body = useRef<HTMLTextAreaElement>(null);
  useEffect(() => void api<Placeholders>('GET', '/api/mail/placeholders').then(setPlaceholders, () => undefined), []);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));

  const insert = (p: string) => {
    const el = body.current;
    const token = `{{${p}}}`;
    if (!el) return set('bodyText', d.bodyText + token);
    const at = el.selectionStart ?? d.bodyText.length;
    set('bodyText', d.bodyText.slice(0, at) + token + d.bodyText.slice(el.selectionEnd ?? at));
  };

  const payload = () => ({ ...d, bodyHtml: d.bodyHtml.trim() ? d.bodyHtml : null });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(savedId === null ? 'POST' : 'PUT', savedId === null ? '/api/mail/templates' : `/api/mail/templates/${savedId}`, payload());
      onSaved(d.name, true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const showPreview = async () => {
    setPreviewError(null);
    try {
      // preview the saved version: save first so the placeholders are checked too
      const saved = await api<MailTemplate>(
        savedId === null ? 'POST' : 'PUT',
        savedId === null ? '/api/mail/templates' : `/api/mail/templates/${savedId}`,
        payload(),
      );
      setSavedId(saved.id);
      onSaved(d.name, false);
      setPreview(await api('POST', `/api/mail/templates/${saved.id}/preview`, { caseId: Number(caseId) }));
    } catch (err) {
      // a refused save (unknown placeholder) belongs to its field; a missing case to the preview
      if (err instanceof ApiError && err.field && err.field !== 'caseId') setError(err);
      else setPreviewError(err);
    }
  };
  const fe = (f: string) => fieldError(error, f, i18n);
  const general = error && !['name', 'recipient', 'subject', 'bodyText', 'bodyHtml', 'accountId'].some((f) => fe(f)) ? errorText(error, i18n) : null;
  const groups = placeholders ? [...placeholders.contact, ...placeholders.case.filter((p) => !p.includes('<')), ...placeholders.agent] : [];

  return (
    <Dialog
      wide
      title={id === null ? t('mail.template.add') : t('mail.template.edit')}
      onClose={onClose}
      footer={
        <button type="submit" form="mail-template-form" className="button button-primary" disabled={busy}>
          {t('common.save')}
        </button>
      }
    >
      <form id="mail-template-form" onSubmit={save} noValidate>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <div className="form-grid">
          <Field label={t('mail.template.name')} error={fe('name')}>
            {(fid) => <input id={fid} value={d.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label={t('mail.template.account')} error={fe('accountId')}>
            {(fid) => (
              <select id={fid} value={d.accountId ?? ''} onChange={(e) => set('accountId', e.target.value ? Number(e.target.value) : null)}>
                <option value="">{t('mail.template.defaultAccount')}</option>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('mail.template.recipient')} hint={t('mail.template.recipientHint')} error={fe('recipient')}>
            {(fid) => <input id={fid} value={d.recipient} onChange={(e) => set('recipient', e.target.value)} />}
          </Field>
          <Field label={t('mail.template.subject')} error={fe('subject')}>
            {(fid) => <input id={fid} value={d.subject} onChange={(e) => set('subject', e.target.value)} />}
          </Field>
        </div>
        <Field label={t('mail.template.bodyText')} error={fe('bodyText')}>
          {(fid) => <textarea id={fid} ref={body} rows={9} value={d.bodyText} onChange={(e) => set('bodyText', e.target.value)} />}
        </Field>
        <div className="field">
          <strong>{t('mail.template.placeholders')}</strong>
          <div className="field-hint">{t('mail.template.placeholdersHint')}</div>
          <div data-testid="placeholders" style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
            {groups.map((p) => (
              <button key={p} type="button" className="button button-small button-ghost" onClick={() => insert(p)}>
                {`{{${p}}}`}
              </button>
            ))}
          </div>
        </div>
        <Field label={t('mail.template.bodyHtml')} hint={t('mail.template.bodyHtmlHint')} error={fe('bodyHtml')}>
          {(fid) => <textarea id={fid} rows={4} value={d.bodyHtml} onChange={(e) => set('bodyHtml', e.target.value)} />}
        </Field>
        <div className="inline-fields">
          <Field label={t('mail.template.previewCase')} error={previewError ? errorText(previewError, i18n) : undefined}>
            {(fid) => <input id={fid} inputMode="numeric" value={caseId} onChange={(e) => setCaseId(e.target.value)} />}
          </Field>
          <div className="field field-button">
            <button type="button" className="button" disabled={!/^\d+$/.test(caseId)} onClick={() => void showPreview()}>
              {t('mail.template.preview')}
            </button>
          </div>
        </div>
        {preview && (
          <section className="card" aria-label={t('mail.template.preview')} data-testid="template-preview">
            <p className="muted">{t('mail.template.previewTo', { to: preview.to })}</p>
            <h3>{preview.subject}</h3>
            {/* the server escapes every value; the template's own HTML is the manager's */}
            <iframe title={t('mail.template.preview')} sandbox="" srcDoc={preview.html} style={{ width: '100%', minHeight: 200, border: 0 }} />
          </section>
        )}
      </form>
    </Dialog>
  );
}
