// CT-1: custom contact fields (administrators).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type CustomField } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { errorText, Field, fieldError, useConfirm, useToast, ListCard } from '../ui.tsx';

const types = ['text', 'number', 'date', 'boolean'] as const;

export function FieldsPage() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const toast = useToast();
  const confirm = useConfirm();
  const [list, setList] = useState<CustomField[] | null>(null);
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<(typeof types)[number]>('text');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api<CustomField[]>('GET', '/api/fields').then(setList, toast.error);
  }, [toast]);
  useEffect(load, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const f = await api<CustomField>('POST', '/api/fields', { key: key.trim(), label: label.trim(), type });
      toast.success(t('fields.added', { label: f.label }));
      setKey('');
      setLabel('');
      load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (f: CustomField) => {
    if (!(await confirm({ title: t('fields.deleteTitle'), text: t('fields.deleteText', { label: f.label }), confirm: t('common.delete'), danger: true })))
      return;
    try {
      await api('DELETE', `/api/fields/${encodeURIComponent(f.key)}`);
      load();
    } catch (err) {
      toast.error(err);
    }
  };
  const general = error && !fieldError(error, 'key', i18n) && !fieldError(error, 'label', i18n) ? errorText(error, i18n) : null;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('fields.title')}</h1>
      </div>
      <form className="card" onSubmit={add} noValidate aria-label={t('fields.add')}>
        <h2 className="card-title">{t('fields.add')}</h2>
        {general && (
          <div className="alert alert-error" role="alert">
            {general}
          </div>
        )}
        <div className="inline-fields">
          <Field label={t('fields.key')} hint={t('fields.keyHint')} error={fieldError(error, 'key', i18n)}>
            {(id) => <input id={id} value={key} onChange={(e) => setKey(e.target.value)} />}
          </Field>
          <Field label={t('fields.label')} error={fieldError(error, 'label', i18n)}>
            {(id) => <input id={id} value={label} onChange={(e) => setLabel(e.target.value)} />}
          </Field>
          <Field label={t('fields.type')}>
            {(id) => (
              <select id={id} value={type} onChange={(e) => setType(e.target.value as (typeof types)[number])}>
                {types.map((x) => (
                  <option key={x} value={x}>
                    {t(`fields.type.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="field field-button">
            <button type="submit" className="button button-primary" disabled={busy}>
              + {t('common.add')}
            </button>
          </div>
        </div>
      </form>
      <ListCard items={list} empty={t('fields.none')}>
        {(list) => (
          <table className="table">
            <thead>
              <tr>
                <th>{t('fields.key')}</th>
                <th>{t('fields.label')}</th>
                <th>{t('fields.type')}</th>
                <th>{t('campaigns.created')}</th>
                <th className="col-actions">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((f) => (
                <tr key={f.key}>
                  <td>
                    <code>{f.key}</code>
                  </td>
                  <td>{f.label}</td>
                  <td>{i18n.tk(`fields.type.${f.type}`, f.type)}</td>
                  <td className="nowrap">{date(f.createdAt)}</td>
                  <td className="col-actions">
                    <button type="button" className="link link-danger" onClick={() => void remove(f)}>
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListCard>
    </div>
  );
}
