// CT-5, CT-6, CT-7: the contacts database — filter, count, list in pages of 20, edit, block,
// delete, timeline, and assignment of a selection or of everything matching the filter.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, type Campaign, type Contact, type ContactFilter, type ContactPage, type CustomField, type ImportGroup, type LocationNode, qs } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { Empty, Field, useConfirm, useToast } from '../ui.tsx';
import { AssignDialog } from './AssignDialog.tsx';
import { ContactDialog, TimelineDialog } from './ContactDialogs.tsx';

type Blocked = 'include' | 'exclude' | 'only';

export interface FilterForm {
  importGroupId: string;
  name: string;
  region: string;
  street: string;
  city: string;
  postalCode: string;
  phone: string;
  location: LocationNode[];
  leastRecentlyUsed: string;
  onlyFree: boolean;
  blocked: Blocked;
}

const emptyForm = (): FilterForm => ({
  importGroupId: '',
  name: '',
  region: '',
  street: '',
  city: '',
  postalCode: '',
  phone: '',
  location: [],
  leastRecentlyUsed: '',
  onlyFree: true,
  blocked: 'include',
});

const STORAGE_KEY = 'parley.contactsFilter';

function loadForm(): FilterForm {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw) return { ...emptyForm(), ...(JSON.parse(raw) as Partial<FilterForm>) };
  } catch {
    /* a fresh form */
  }
  return emptyForm();
}

/** Signing out forgets the filter and the list. */
export function resetContactsView() {
  viewCache = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

let viewCache: { count: { value: number; key: string } | null; list: ContactPage | null; shownFilter: ContactFilter | null; selected: number[] } | null = null;

/** Another page (the import result) opens the contacts with a filter and shows them at once. */
let pendingPreset: Partial<FilterForm> | null = null;
export function presetContactsFilter(preset: Partial<FilterForm>) {
  pendingPreset = preset;
}

export function toFilter(f: FilterForm, canShowAssigned: boolean): ContactFilter {
  const out: ContactFilter = {};
  const text = (k: 'name' | 'region' | 'street' | 'city' | 'postalCode' | 'phone') => {
    const v = f[k].trim();
    if (v) out[k] = v;
  };
  if (f.importGroupId) out.importGroupId = Number(f.importGroupId);
  for (const k of ['name', 'region', 'street', 'city', 'postalCode', 'phone'] as const) text(k);
  const loc = f.location[f.location.length - 1];
  if (loc) out.locationId = loc.id;
  const lru = Number.parseInt(f.leastRecentlyUsed, 10);
  if (Number.isFinite(lru) && lru > 0) out.leastRecentlyUsed = lru;
  if (canShowAssigned && !f.onlyFree) out.onlyFree = false;
  if (f.blocked !== 'include') out.blocked = f.blocked;
  return out;
}

type AssignTarget = { filter: ContactFilter; mode: 'selection' | 'filter' };

export function ContactsPage() {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const session = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canAssigned = session.can('contacts.show_assigned');
  const canWrite = session.can('contacts.write');
  const canDelete = session.can('contacts.delete');
  const canAssign = session.can('campaigns.manage');

  const [form, setForm] = useState<FilterForm>(() => {
    const f = loadForm();
    return pendingPreset ? { ...emptyForm(), ...pendingPreset } : f;
  });
  const [groups, setGroups] = useState<ImportGroup[]>([]);
  const [campaigns, setCampaigns] = useState<Map<number, Campaign>>(new Map());
  const [fields, setFields] = useState<CustomField[]>([]);
  // coming back to the page shows what was shown when leaving it (until a reload)
  const cached = pendingPreset ? null : viewCache;
  const [count, setCount] = useState<{ value: number; key: string } | null>(cached?.count ?? null);
  const [counting, setCounting] = useState(false);
  const [list, setList] = useState<ContactPage | null>(cached?.list ?? null);
  const [listing, setListing] = useState(false);
  const [shownFilter, setShownFilter] = useState<ContactFilter | null>(cached?.shownFilter ?? null);
  const [selected, setSelected] = useState<Set<number>>(() => new Set(cached?.selected ?? []));
  useEffect(() => {
    viewCache = { count, list, shownFilter, selected: [...selected] };
  }, [count, list, shownFilter, selected]);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [timelineOf, setTimelineOf] = useState<Contact | null>(null);
  const [assign, setAssign] = useState<AssignTarget | null>(null);

  useEffect(() => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(form));
  }, [form]);

  useEffect(() => {
    api<ImportGroup[]>('GET', '/api/import-groups').then(setGroups, toast.error);
    api<CustomField[]>('GET', '/api/fields').then(setFields, toast.error);
    if (session.can('campaigns.read')) api<Campaign[]>('GET', '/api/campaigns').then((cs) => setCampaigns(new Map(cs.map((c) => [c.id, c]))), toast.error);
  }, [toast, session]);

  const filter = toFilter(form, canAssigned);
  const filterKey = JSON.stringify(filter);

  const refreshCount = useCallback(
    async (f: ContactFilter) => {
      setCounting(true);
      try {
        const r = await api<{ count: number }>('GET', `/api/contacts/count${qs({ ...f })}`);
        setCount({ value: r.count, key: JSON.stringify(f) });
      } catch (err) {
        toast.error(err);
      } finally {
        setCounting(false);
      }
    },
    [toast],
  );

  const show = useCallback(
    async (f: ContactFilter, page: number) => {
      setListing(true);
      try {
        const r = await api<ContactPage>('GET', `/api/contacts${qs({ ...f, page })}`);
        setList(r);
        setShownFilter(f);
      } catch (err) {
        toast.error(err);
      } finally {
        setListing(false);
      }
    },
    [toast],
  );

  // the import result's "show contacts" lands here with a preset filter
  const presetRan = useRef(false);
  useEffect(() => {
    if (presetRan.current || !pendingPreset) return;
    presetRan.current = true;
    pendingPreset = null;
    const f = toFilter(form, canAssigned);
    void refreshCount(f);
    void show(f, 1);
  }, [form, canAssigned, refreshCount, show]);

  // back on the page: the remembered list and count, brought up to date
  const refreshedCache = useRef(false);
  useEffect(() => {
    if (refreshedCache.current || !cached) return;
    refreshedCache.current = true;
    if (cached.shownFilter) void show(cached.shownFilter, cached.list?.page ?? 1);
    if (cached.count) void refreshCount(JSON.parse(cached.count.key) as ContactFilter);
  }, [cached, show, refreshCount]);

  /** After a change to contacts: the shown page and the count again. */
  const reload = useCallback(async () => {
    if (shownFilter) await show(shownFilter, list?.page ?? 1);
    if (count) await refreshCount(JSON.parse(count.key) as ContactFilter);
  }, [shownFilter, list, count, show, refreshCount]);

  const set = <K extends keyof FilterForm>(k: K, v: FilterForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const onShow = (e: FormEvent) => {
    e.preventDefault();
    setSelected(new Set());
    void show(filter, 1);
  };

  const block = async (ids: number[], blocked: boolean) => {
    try {
      const r = await api<{ changed: number }>('POST', `/api/contacts/${blocked ? 'block' : 'unblock'}`, { filter: { ids, onlyFree: false } });
      toast.success(t(blocked ? 'contacts.blockedN' : 'contacts.unblockedN', { n: num(r.changed) }));
      await reload();
    } catch (err) {
      toast.error(err);
    }
  };

  const remove = async (c: Contact) => {
    const ok = await confirm({
      title: t('contacts.deleteTitle'),
      text: t('contacts.deleteText', { id: c.id, name: displayName(c) }),
      confirm: t('common.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/api/contacts/${c.id}`);
      setSelected((s) => {
        const n = new Set(s);
        n.delete(c.id);
        return n;
      });
      toast.success(t('contacts.deleted', { id: c.id }));
      await reload();
    } catch (err) {
      toast.error(err);
    }
  };

  const pageIds = list?.items.map((c) => c.id) ?? [];
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const toggleAll = () =>
    setSelected((s) => {
      const n = new Set(s);
      for (const id of pageIds) {
        if (allOnPage) n.delete(id);
        else n.add(id);
      }
      return n;
    });

  const totalPages = count && shownFilter && count.key === JSON.stringify(shownFilter) ? Math.max(1, Math.ceil(count.value / 20)) : null;
  const campaignLabel = (id: number) => {
    const c = campaigns.get(id);
    return c ? `${id} · ${c.name}` : String(id);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('contacts.title')}</h1>
        <div className="page-actions">
          {canWrite && (
            <button type="button" className="button" onClick={() => setEditing('new')}>
              + {t('contacts.add')}
            </button>
          )}
        </div>
      </div>

      <form className="card filter" aria-label={t('filter.title')} onSubmit={onShow}>
        <h2 className="card-title">{t('filter.title')}</h2>
        <div className="filter-grid">
          <Field label={t('filter.importGroup')}>
            {(id) => (
              <select id={id} value={form.importGroupId} onChange={(e) => set('importGroupId', e.target.value)}>
                <option value="">{t('filter.allGroups')}</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name} ({num(g.contacts)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('filter.name')} hint={t('filter.hintFragment')}>
            {(id) => <input id={id} value={form.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label={t('filter.region')} hint={t('filter.hintExact')}>
            {(id) => <input id={id} value={form.region} onChange={(e) => set('region', e.target.value)} />}
          </Field>
          <Field label={t('filter.street')} hint={t('filter.hintFragment')}>
            {(id) => <input id={id} value={form.street} onChange={(e) => set('street', e.target.value)} />}
          </Field>
          <Field label={t('filter.city')} hint={t('filter.hintExact')}>
            {(id) => <input id={id} value={form.city} onChange={(e) => set('city', e.target.value)} />}
          </Field>
          <Field label={t('filter.postalCode')} hint={t('filter.hintFragment')}>
            {(id) => <input id={id} value={form.postalCode} onChange={(e) => set('postalCode', e.target.value)} />}
          </Field>
          <Field label={t('filter.phone')} hint={t('filter.hintPrefix')}>
            {(id) => <input id={id} inputMode="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} />}
          </Field>
          <Field label={t('filter.leastRecentlyUsed')} hint={t('filter.hintLru')}>
            {(id) => (
              <input
                id={id}
                type="number"
                min={1}
                inputMode="numeric"
                value={form.leastRecentlyUsed}
                onChange={(e) => set('leastRecentlyUsed', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('filter.blocked')}>
            {(id) => (
              <select id={id} value={form.blocked} onChange={(e) => set('blocked', e.target.value as Blocked)}>
                <option value="include">{t('filter.blockedInclude')}</option>
                <option value="exclude">{t('filter.blockedExclude')}</option>
                <option value="only">{t('filter.blockedOnly')}</option>
              </select>
            )}
          </Field>
          {canAssigned && (
            <div className="field field-check">
              <label>
                <input type="checkbox" checked={form.onlyFree} onChange={(e) => set('onlyFree', e.target.checked)} /> {t('filter.onlyFree')}
              </label>
              <div className="field-hint">{t('filter.onlyFreeHint')}</div>
            </div>
          )}
        </div>
        <LocationCascade value={form.location} onChange={(loc) => set('location', loc)} />
        <div className="filter-actions">
          <button type="submit" className="button button-primary" disabled={listing}>
            {t('filter.show')}
          </button>
          <button type="button" className="button" onClick={() => void refreshCount(filter)} disabled={counting}>
            {t('filter.refreshCount')}
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => {
              setForm(emptyForm());
              setCount(null);
            }}
          >
            {t('filter.clear')}
          </button>
          <output className={`count${count && count.key !== filterKey ? ' count-stale' : ''}`} aria-live="polite" data-testid="record-count">
            {counting ? t('common.wait') : count ? t('filter.count', { n: num(count.value) }) : ''}
          </output>
          <span className="spacer" />
          {canAssign && (
            <button type="button" className="button button-accent" onClick={() => setAssign({ filter, mode: 'filter' })}>
              + {t('contacts.assignFiltered')}
            </button>
          )}
        </div>
      </form>

      {list && (
        <section className="card" aria-label={t('contacts.records')}>
          <div className="table-toolbar">
            <span className="selection-info">{t('contacts.selectedN', { n: num(selected.size) })}</span>
            {selected.size > 0 && (
              <>
                {canWrite && (
                  <>
                    <button type="button" className="button button-small" onClick={() => void block([...selected], true)}>
                      {t('contacts.blockSelected')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => void block([...selected], false)}>
                      {t('contacts.unblockSelected')}
                    </button>
                  </>
                )}
                {canAssign && (
                  <button
                    type="button"
                    className="button button-small button-accent"
                    onClick={() => setAssign({ filter: { ids: [...selected] }, mode: 'selection' })}
                  >
                    {t('contacts.assignSelected')}
                  </button>
                )}
                <button type="button" className="button button-small button-ghost" onClick={() => setSelected(new Set())}>
                  {t('contacts.clearSelection')}
                </button>
              </>
            )}
            <span className="spacer" />
            <Pager page={list.page} hasMore={list.hasMore} totalPages={totalPages} busy={listing} onPage={(p) => shownFilter && void show(shownFilter, p)} />
          </div>
          {list.items.length === 0 ? (
            <Empty>{t('contacts.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table contacts-table">
                <thead>
                  <tr>
                    <th className="col-check">
                      <input type="checkbox" aria-label={t('contacts.selectPage')} checked={allOnPage} onChange={toggleAll} />
                    </th>
                    <th className="num">{t('col.ordinal')}</th>
                    <th className="num">{t('col.id')}</th>
                    <th>{t('col.name')}</th>
                    <th>{t('col.firstName')}</th>
                    <th>{t('col.lastName')}</th>
                    <th>{t('col.address')}</th>
                    <th>{t('col.city')}</th>
                    <th>{t('col.postalCode')}</th>
                    <th>{t('col.region')}</th>
                    <th>{t('col.phone1')}</th>
                    <th>{t('col.phone2')}</th>
                    <th>{t('col.lastUsed')}</th>
                    <th>{t('col.blocked')}</th>
                    <th>{t('col.inCampaign')}</th>
                    <th className="col-actions">{t('col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((c) => (
                    <tr key={c.id} className={selected.has(c.id) ? 'selected' : undefined} data-contact-id={c.id}>
                      <td className="col-check">
                        <input type="checkbox" aria-label={t('contacts.selectOne', { id: c.id })} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                      </td>
                      <td className="num muted">{c.ordinal}</td>
                      <td className="num">{c.id}</td>
                      <td>{c.name}</td>
                      <td>{c.firstName}</td>
                      <td>{c.lastName}</td>
                      <td>{[c.street, c.houseNumber].filter(Boolean).join(' ')}</td>
                      <td>{c.city}</td>
                      <td>{c.postalCode}</td>
                      <td>{c.region}</td>
                      <td className="nowrap" title={c.phone1 ?? undefined}>
                        {c.phone1Raw ?? c.phone1}
                      </td>
                      <td className="nowrap" title={c.phone2 ?? undefined}>
                        {c.phone2Raw ?? c.phone2}
                      </td>
                      <td className="nowrap">{date(c.lastUsedAt)}</td>
                      <td>
                        {c.blocked ? (
                          <span className="badge badge-danger" title={c.blockedReason ?? undefined}>
                            {t('contacts.blocked')}
                          </span>
                        ) : (
                          ''
                        )}
                      </td>
                      <td className="nowrap">{c.inCampaignId ? <span className="badge badge-info">{campaignLabel(c.inCampaignId)}</span> : ''}</td>
                      <td className="col-actions">
                        {canWrite && (
                          <button type="button" className="link" aria-label={t('contacts.editOne', { id: c.id })} onClick={() => setEditing(c)}>
                            {t('common.edit')}
                          </button>
                        )}
                        {canWrite && (
                          <button
                            type="button"
                            className="link"
                            aria-label={t(c.blocked ? 'contacts.unblockOne' : 'contacts.blockOne', { id: c.id })}
                            onClick={() => void block([c.id], !c.blocked)}
                          >
                            {t(c.blocked ? 'contacts.unblock' : 'contacts.block')}
                          </button>
                        )}
                        <button type="button" className="link" aria-label={t('contacts.timelineOne', { id: c.id })} onClick={() => setTimelineOf(c)}>
                          {t('contacts.timeline')}
                        </button>
                        {canDelete && (
                          <button type="button" className="link link-danger" aria-label={t('contacts.deleteOne', { id: c.id })} onClick={() => void remove(c)}>
                            {t('common.delete')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}

      {editing && (
        <ContactDialog
          contact={editing === 'new' ? null : editing}
          fields={fields}
          onClose={() => setEditing(null)}
          onSaved={(c, isNew) => {
            setEditing(null);
            toast.success(t(isNew ? 'contact.created' : 'contact.saved', { id: c.id }));
            void reload();
          }}
        />
      )}
      {timelineOf && <TimelineDialog contact={timelineOf} campaigns={campaigns} onClose={() => setTimelineOf(null)} />}
      {assign && (
        <AssignDialog
          filter={assign.filter}
          mode={assign.mode}
          onClose={() => setAssign(null)}
          onAssigned={() => {
            if (assign.mode === 'selection') setSelected(new Set());
            void reload();
          }}
        />
      )}
    </div>
  );
}

export function displayName(c: Contact): string {
  return c.name || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.phone1Raw || c.email || `#${c.id}`;
}

function Pager({
  page,
  hasMore,
  totalPages,
  busy,
  onPage,
}: {
  page: number;
  hasMore: boolean;
  totalPages: number | null;
  busy: boolean;
  onPage: (p: number) => void;
}) {
  const { t } = useI18n();
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" className="button button-small" disabled={busy || page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('pager.previous')}
      </button>
      <span className="pager-info">{totalPages ? t('pager.pageOf', { page, pages: totalPages }) : t('pager.page', { page })}</span>
      <button type="button" className="button button-small" disabled={busy || !hasMore} onClick={() => onPage(page + 1)}>
        {t('pager.next')} ›
      </button>
    </nav>
  );
}

/** CT-2/CT-5: the hierarchical location dictionary; choosing a parent loads its children. */
function LocationCascade({ value, onChange }: { value: LocationNode[]; onChange: (v: LocationNode[]) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  // options[d] = the choices at depth d (children of value[d-1], or the top level)
  const [options, setOptions] = useState<LocationNode[][]>([]);

  useEffect(() => {
    let cancelled = false;
    const parents = [null, ...value.map((v) => v.id)];
    Promise.all(parents.map((p) => api<LocationNode[]>('GET', `/api/locations${qs({ parentId: p ?? undefined })}`)))
      .then((lists) => {
        if (!cancelled) setOptions(lists);
      })
      .catch(toast.error);
    return () => {
      cancelled = true;
    };
  }, [value, toast]);

  const levels = options.filter((o, d) => o.length > 0 || d < value.length);
  if (options.length === 0 || (options[0]?.length ?? 0) === 0) return null;
  return (
    <fieldset className="location-cascade">
      <legend>{t('filter.locationDictionary')}</legend>
      <div className="filter-grid">
        {levels.map((opts, d) => {
          const levelKey = value[d]?.levelKey ?? opts[0]?.levelKey ?? 'region';
          const label = i18n.tk(`loc.${levelKey}`, levelKey);
          return (
            <Field key={`under-${value[d - 1]?.id ?? 'top'}`} label={label}>
              {(id) => (
                <select
                  id={id}
                  value={value[d]?.id ?? ''}
                  onChange={(e) => {
                    const chosen = opts.find((o) => o.id === Number(e.target.value));
                    onChange(chosen ? [...value.slice(0, d), chosen] : value.slice(0, d));
                  }}
                >
                  <option value="">{t('filter.any')}</option>
                  {opts.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}
