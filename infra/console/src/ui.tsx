// Small pieces every page uses: the problem box, a page heading that takes focus, a status badge.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { words } from './api.ts';
import { type MessageKey, t } from './i18n.ts';

/** A problem, in words, announced to screen readers. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, items } = words(error);
  return (
    <div class="problem" role="alert">
      <p>{message}</p>
      {items.length > 0 && (
        <ul>
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The page's heading; focused when the page opens, so a screen reader starts there. Before
 * the page is painted (a layout effect): a plain effect runs a frame later, and on a busy
 * device would take the focus from a field the person has already started typing in.
 */
export function Heading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Badge({ kind, value }: { kind: 'status' | 'review'; value: string }) {
  return <span class={`badge badge-${value.toLowerCase()}`}>{t(`${kind}${value}` as MessageKey)}</span>;
}

export function Loading() {
  return (
    <p class="loading" aria-live="polite">
      {t('loading')}
    </p>
  );
}

/** What a page says to someone not signed in. */
export function SignInFirst() {
  return (
    <p>
      <a class="button primary" href="#/signin">
        {t('signIn')}
      </a>
    </p>
  );
}

/** A form's end: what saving said (or the problem), and its button. */
export function SaveRow({
  status,
  error,
  label,
  disabled,
}: {
  status: string | undefined;
  error: unknown;
  label: string;
  disabled?: boolean;
}) {
  return (
    <>
      {status && (
        <p role="status" class={status === t('saved') ? 'ok' : 'problem'}>
          {status}
        </p>
      )}
      <Problem error={error} />
      <button type="submit" class="primary" disabled={disabled}>
        {label}
      </button>
    </>
  );
}
