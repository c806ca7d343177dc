// The one-stop web console: one window for applicants, department reviewers, admins and
// the public, over the same API any client uses. Routes live in the hash (#/cases/…), so
// the files are static and the API's paths stay the API's.
import './styles.css';
import { render } from 'preact';
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { apiClient } from './api.ts';
import { AppContext, type AppState, currentPath } from './app.ts';
import { currentSession, finishHostedSignIn, isAdmin, isApplicant, reviewerDepartments, type Session, signOut } from './auth.ts';
import { type ConsoleConfig, loadConfig } from './config.ts';
import { currentLang, setLang, t } from './i18n.ts';
import { AdminPage } from './pages/admin.tsx';
import { ApplyPage } from './pages/apply.tsx';
import { CasePage } from './pages/case.tsx';
import { CataloguePage } from './pages/catalogue.tsx';
import { MyCasesPage } from './pages/cases.tsx';
import { PermitPage } from './pages/permit.tsx';
import { PublicPage } from './pages/public.tsx';
import { ReviewPage } from './pages/review.tsx';
import { SignInPage } from './pages/signin.tsx';
import { WorkListPage } from './pages/work.tsx';
import { Loading, Problem } from './ui.tsx';

function page(path: string) {
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case undefined:
      return <CataloguePage />;
    case 'services':
      return <ApplyPage code={parts[1] ?? ''} />;
    case 'cases':
      return parts[1] ? <CasePage caseId={parts[1]} /> : <MyCasesPage />;
    case 'work':
      return parts[1] && parts[2] ? <ReviewPage caseId={parts[1]} department={parts[2]} /> : <WorkListPage />;
    case 'admin':
      return <AdminPage />;
    case 'public':
      return <PublicPage />;
    case 'permits':
      return <PermitPage number={parts[1] ?? ''} />;
    case 'signin':
      return <SignInPage />;
    default:
      return <CataloguePage />;
  }
}

function App({ config }: { config: ConsoleConfig }) {
  const [session, setSession] = useState<Session | undefined>(currentSession);
  const [path, setPath] = useState(currentPath);
  const [, setLangState] = useState(currentLang());
  // A layout effect listens from the moment the page is shown (a plain effect waits for the
  // next frame, and a link followed before then would be missed); it also takes up any
  // change of the hash made while the first render was on its way.
  useLayoutEffect(() => {
    const onHash = () => setPath(currentPath());
    addEventListener('hashchange', onHash);
    onHash();
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const api = useMemo(() => apiClient(config.apiUrl, () => currentSession()?.token), [config.apiUrl]);
  const state: AppState = {
    config,
    api,
    session,
    setSession,
    go: (to) => {
      location.hash = to;
    },
  };
  const switchLang = () => {
    const next = currentLang() === 'zh-CN' ? 'en' : 'zh-CN';
    setLang(next);
    setLangState(next);
  };
  const nav: [string, string][] = [
    ['/', t('navCatalogue')],
    ...(session && (isApplicant(session) || isAdmin(session)) ? ([['/cases', t('navMyCases')]] as [string, string][]) : []),
    ...(session && reviewerDepartments(session).length ? ([['/work', t('navWork')]] as [string, string][]) : []),
    ...(session && isAdmin(session) ? ([['/admin', t('navAdmin')]] as [string, string][]) : []),
    ['/public', t('navPublic')],
  ];
  return (
    <AppContext.Provider value={state}>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        {currentLang() === 'zh-CN' ? '跳到正文' : 'Skip to content'}
      </button>
      <header>
        <div class="brand">
          <strong>{t('appName')}</strong>
          <span>{t('tagline')}</span>
        </div>
        <nav aria-label={t('appName')}>
          {nav.map(([to, label]) => (
            <a key={to} href={`#${to}`} aria-current={path === to || (to !== '/' && path.startsWith(`${to}/`)) ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <div class="account">
          <button type="button" onClick={switchLang} lang={currentLang() === 'zh-CN' ? 'en' : 'zh-CN'}>
            {t('language')}
          </button>
          {session ? (
            <>
              <span class="who">{session.sub}</span>
              <button
                type="button"
                onClick={() => {
                  signOut(config.auth);
                  setSession(undefined);
                  state.go('/');
                }}
              >
                {t('signOut')}
              </button>
            </>
          ) : (
            <a class="button" href="#/signin">
              {t('signIn')}
            </a>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page(path)}
      </main>
    </AppContext.Provider>
  );
}

async function start() {
  const root = document.getElementById('app')!;
  document.documentElement.lang = currentLang();
  try {
    const config = await loadConfig();
    if (config.auth.kind === 'cognito') await finishHostedSignIn(config.auth);
    render(<App config={config} />, root);
  } catch (err) {
    render(<Problem error={err} />, root);
  }
}

render(<Loading />, document.getElementById('app')!);
void start();
