// Small building blocks shared by the pages: dialogs, labelled fields, toasts, confirmation,
// progress bars, and the translation of API errors.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from './api.ts';
import { type I18n, useI18n } from './i18n/index.tsx';

// ---------- errors ----------

/** Codes whose server message adds nothing the translation does not say. */
const generic = new Set([
  'invalid_credentials',
  'too_many_attempts',
  'forbidden',
  'unauthenticated',
  'network',
  'internal',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
]);

/** A user-facing text for any error: the translated code, plus the server's detail where it helps. */
export function errorText(err: unknown, i18n: I18n): string {
  if (err instanceof ApiError) {
    const base = i18n.tk(`error.${err.code}`, '');
    // "phone1: … is not valid" reads better without the field name the form already shows
    const message = err.field && err.message.startsWith(`${err.field}: `) ? err.message.slice(err.field.length + 2) : err.message;
    if (!base) return message;
    if (generic.has(err.code) || !message) return base;
    return `${base}: ${message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** The error of one form field, when the API named it. */
export function fieldError(err: unknown, field: string, i18n: I18n): string | undefined {
  if (err instanceof ApiError && err.field && (err.field === field || err.field.startsWith(`${field}.`) || err.field === `body.${field}`))
    return errorText(err, i18n);
  return undefined;
}

// ---------- toasts ----------

interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  text: string;
}
interface ToastApi {
  error(err: unknown): void;
  success(text: string): void;
  info(text: string): void;
}
const ToastCtx = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const i18n = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);
  const push = useCallback((kind: Toast['kind'], text: string) => {
    const id = ++seq.current;
    setToasts((list) => [...list.slice(-4), { id, kind, text }]);
    setTimeout(() => setToasts((list) => list.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);
  const i18nRef = useRef(i18n);
  i18nRef.current = i18n;
  const apiRef = useRef<ToastApi>({
    error: (err) => push('error', errorText(err, i18nRef.current)),
    success: (text) => push('success', text),
    info: (text) => push('info', text),
  });
  return (
    <ToastCtx.Provider value={apiRef.current}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((x) => (
          <div key={x.id} className={`toast toast-${x.kind}`} role={x.kind === 'error' ? 'alert' : 'status'}>
            <span>{x.text}</span>
            <button type="button" className="toast-close" aria-label={i18n.t('common.close')} onClick={() => setToasts((l) => l.filter((y) => y.id !== x.id))}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastCtx.Provider>
  );
}

export function useToast(): ToastApi {
  const v = useContext(ToastCtx);
  if (!v) throw new Error('useToast outside ToastProvider');
  return v;
}

// ---------- dialog ----------

export function Dialog({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    const first =
      ref.current?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea') ??
      ref.current?.querySelector<HTMLElement>('.dialog-foot .button-primary, .dialog-foot .button-danger');
    first?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop is a mouse shortcut; Escape and the × button do the same
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog${wide ? ' dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref}>
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-foot">{footer}</footer>}
      </div>
    </div>
  );
}

// ---------- confirmation ----------

type ConfirmRequest = { title: string; text: string; confirm: string; danger?: boolean; resolve: (ok: boolean) => void };
const ConfirmCtx = createContext<((r: Omit<ConfirmRequest, 'resolve'>) => Promise<boolean>) | null>(null);

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [req, setReq] = useState<ConfirmRequest | null>(null);
  const ask = useCallback((r: Omit<ConfirmRequest, 'resolve'>) => new Promise<boolean>((resolve) => setReq({ ...r, resolve })), []);
  const close = (ok: boolean) => {
    req?.resolve(ok);
    setReq(null);
  };
  return (
    <ConfirmCtx.Provider value={ask}>
      {children}
      {req && (
        <Dialog
          title={req.title}
          onClose={() => close(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => close(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className={`button ${req.danger ? 'button-danger' : 'button-primary'}`} onClick={() => close(true)}>
                {req.confirm}
              </button>
            </>
          }
        >
          <p>{req.text}</p>
        </Dialog>
      )}
    </ConfirmCtx.Provider>
  );
}

export function useConfirm() {
  const v = useContext(ConfirmCtx);
  if (!v) throw new Error('useConfirm outside ConfirmProvider');
  return v;
}

/** Asks "delete …?", then DELETEs `url` and calls `done`; a refusal from the server (e.g. 409 "in use") is a toast. */
export function useConfirmedDelete() {
  const { t } = useI18n();
  const confirm = useConfirm();
  const toast = useToast();
  return async (o: { title: string; text: string; url: string; done: () => void }) => {
    if (!(await confirm({ title: o.title, text: o.text, confirm: t('common.delete'), danger: true }))) return;
    try {
      await api('DELETE', o.url);
      o.done();
    } catch (err) {
      toast.error(err);
    }
  };
}

// ---------- form fields ----------

/** A label above its control, with the API's error for that field under it. */
export function Field({
  label,
  error,
  children,
  hint,
  className,
}: {
  label: string;
  error?: string;
  children: (id: string) => ReactNode;
  hint?: string;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

export function ProgressBar({ percent, label }: { percent: number | null; label: string }) {
  const p = percent === null ? null : Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      className={`progress${p === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={p ?? undefined}
    >
      <div className="progress-fill" style={{ width: p === null ? '30%' : `${p}%` }} />
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A card holding a list: "loading" until it arrives, the empty text, or the list itself. */
export function ListCard<T>({ items, empty, children }: { items: T[] | null; empty: ReactNode; children: (items: T[]) => ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="card">
      {!items ? <p className="muted">{t('common.loading')}</p> : items.length === 0 ? <Empty>{empty}</Empty> : children(items)}
    </section>
  );
}

/** Previous / "page N of M" / next for a list of known size. */
export function Pager({ page, pages, onPage, className }: { page: number; pages: number; onPage: (page: number) => void; className?: string }) {
  const { t, num } = useI18n();
  return (
    <nav className={className ? `pager ${className}` : 'pager'} aria-label={t('pager.label')}>
      <button type="button" className="button button-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('pager.previous')}
      </button>
      <span className="pager-info">{t('pager.pageOf', { page: num(page), pages: num(pages) })}</span>
      <button type="button" className="button button-small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('pager.next')} ›
      </button>
    </nav>
  );
}
