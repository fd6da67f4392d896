// AG-1, PR-5, CT-9: what happened before — the case's attempts, every save of the case (who, when,
// from → to, note) and the contact's timeline across campaigns.
import { useI18n } from '../../i18n/index.tsx';
import { Empty } from '../../ui.tsx';
import { outcomeLabel, queueLabel } from './CaseWork.tsx';
import { type CaseCard, isoTime } from './types.ts';

function formatParams(p: Record<string, unknown> | null | undefined): string {
  return Object.entries(p ?? {})
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

export function CaseRecord({ card, myId, myName }: { card: CaseCard; myId: number; myName: string }) {
  const i18n = useI18n();
  const { t, date } = i18n;

  // status names: from the history (any status), then the ones the card offers
  const statusNames = new Map<number, string>();
  for (const s of card.statuses) statusNames.set(s.id, s.name);
  for (const h of card.history) {
    if (h.toStatusId && h.toStatus) statusNames.set(h.toStatusId, h.toStatus);
    if (h.fromStatusId && h.fromStatus) statusNames.set(h.fromStatusId, h.fromStatus);
  }
  // who made an attempt: the history entry saved with it names the person
  const attemptBy = new Map<number, string>();
  for (const h of card.history) if (h.attemptId) attemptBy.set(h.attemptId, h.requester);
  const agentName = (a: { id: number; agentId: number | null }) =>
    attemptBy.get(a.id) ?? (a.agentId === myId ? myName : a.agentId ? `#${a.agentId}` : t('agent.source.system'));

  const sourceLabel = (s: string) => {
    const labels: Record<string, string> = {
      agent: t('agent.source.agent'),
      supervisor: t('agent.source.supervisor'),
      system: t('agent.source.system'),
      rule: t('agent.source.rule'),
      dialer: t('agent.source.dialer'),
    };
    return labels[s] ?? s;
  };

  const timelineKind = (kind: string) => (kind === 'status' ? t('agent.timeline.status') : i18n.tk(`timeline.kind.${kind}`, kind));
  const timelineDetail = (e: CaseCard['timeline'][number]) => {
    const d = e.data ?? {};
    if (e.kind === 'status') {
      const parts = [
        typeof d.status === 'string' ? d.status : '',
        typeof d.outcome === 'string' ? outcomeLabel(i18n, d.outcome) : '',
        typeof d.callbackAt === 'string' && d.queue === 'callback' ? t('agent.timeline.callbackAt', { at: date(isoTime(d.callbackAt)) }) : '',
        typeof d.note === 'string' && d.note ? `“${d.note}”` : '',
      ];
      return parts.filter(Boolean).join(' · ');
    }
    if (e.kind === 'created' && typeof d.source === 'string') return i18n.tk(`source.${d.source}`, d.source);
    if (typeof d.reason === 'string') return d.reason;
    return '';
  };

  return (
    <section className="card agent-record" aria-label={t('agent.record')}>
      <h2 className="card-title">{t('agent.attemptsTitle')}</h2>
      {card.attempts.length === 0 ? (
        <Empty>{t('agent.noAttempts')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={t('agent.attemptsTitle')}>
            <thead>
              <tr>
                <th>{t('agent.col.when')}</th>
                <th>{t('agent.col.agent')}</th>
                <th>{t('agent.col.phone')}</th>
                <th>{t('agent.outcome')}</th>
                <th>{t('agent.status')}</th>
                <th>{t('agent.nextContact')}</th>
                <th>{t('agent.note')}</th>
                <th>{t('agent.col.answers')}</th>
              </tr>
            </thead>
            <tbody>
              {card.attempts.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{date(isoTime(a.endedAt))}</td>
                  <td>{agentName(a)}</td>
                  <td className="nowrap">{a.phone}</td>
                  <td>{outcomeLabel(i18n, a.outcome)}</td>
                  <td>{a.statusId ? (statusNames.get(a.statusId) ?? `#${a.statusId}`) : ''}</td>
                  <td className="nowrap">{date(isoTime(a.callbackAt))}</td>
                  <td>{a.note}</td>
                  <td>{formatParams(a.params)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 className="card-title agent-record-title">{t('agent.historyTitle')}</h2>
      {card.history.length === 0 ? (
        <Empty>{t('agent.noHistory')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={t('agent.historyTitle')}>
            <thead>
              <tr>
                <th>{t('agent.col.when')}</th>
                <th>{t('agent.col.who')}</th>
                <th>{t('agent.col.change')}</th>
                <th>{t('agent.queue')}</th>
                <th>{t('agent.nextContact')}</th>
                <th>{t('agent.col.responsible')}</th>
                <th>{t('agent.note')}</th>
              </tr>
            </thead>
            <tbody>
              {card.history.map((h) => (
                <tr key={h.id}>
                  <td className="nowrap">{date(isoTime(h.at))}</td>
                  <td>
                    {h.requester} <span className="muted">({sourceLabel(h.source)})</span>
                  </td>
                  <td>
                    {h.fromStatus ?? <span className="muted">{t('agent.noStatusYet')}</span>} → <strong>{h.toStatus ?? '—'}</strong>
                  </td>
                  <td>{queueLabel(i18n, h.queue)}</td>
                  <td className="nowrap">{date(isoTime(h.callableAt))}</td>
                  <td>{h.responsible ?? ''}</td>
                  <td>{h.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 className="card-title agent-record-title">{t('agent.timelineTitle')}</h2>
      {card.timeline.length === 0 ? (
        <Empty>{t('timeline.empty')}</Empty>
      ) : (
        <ol className="timeline" aria-label={t('agent.timelineTitle')}>
          {card.timeline.map((e) => (
            <li key={e.id} className={`timeline-item timeline-${e.kind}`}>
              <time dateTime={isoTime(e.at) ?? undefined}>{date(isoTime(e.at))}</time>
              <div>
                <strong>{timelineKind(e.kind)}</strong>
                {e.campaignId && (
                  <span className="muted">
                    {' '}
                    · {t('timeline.campaign')} {e.campaignId}
                    {e.campaignId === card.campaign.id ? ` ${card.campaign.name}` : ''}
                  </span>
                )}
                {timelineDetail(e) && <div className="muted">{timelineDetail(e)}</div>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
