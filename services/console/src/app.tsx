// The console: sign-in, then the pages of the key's role. Routing is the browser's History API
// under /console; the key lives in React state only (never storage), so a reload signs out.
import { type ComponentType, type ReactElement, useCallback, useEffect, useState } from 'react';
import { type ConsoleContext, Ctx } from './context';
import { Link, ProblemBox } from './components';
import { type Lang, text, type TextKey } from './lib/i18n';
import { type Role, type Session, signIn } from './lib/session';
import { BankPage } from './pages/bank-page';
import { ChartsPage } from './pages/charts-page';
import { ClaimPage } from './pages/claim-page';
import { ClaimsInbox } from './pages/claims-inbox';
import { EntryPage } from './pages/entry-page';
import { FundPage } from './pages/fund-page';
import { LedgerExplorer } from './pages/ledger-explorer';
import { LoanReportPage } from './pages/loan-report-page';
import { InterestReportsPage } from './pages/interest-reports-page';
import { PoliciesPage } from './pages/policies-page';
import { StatementPage, StatementsPage } from './pages/statements-page';
import { SubsidyRoundsPage } from './pages/subsidy-rounds-page';

const BASE = '/console';

interface Route {
  readonly pattern: RegExp;
  readonly roles: readonly Role[];
  readonly page: ComponentType<{ params: string[] }>;
}

const ROUTES: readonly Route[] = [
  { pattern: /^\/claims$/, roles: ['fund-manager'], page: ClaimsInbox },
  { pattern: /^\/claims\/([^/]+)$/, roles: ['fund-manager'], page: ClaimPage },
  { pattern: /^\/fund$/, roles: ['fund-manager'], page: FundPage },
  { pattern: /^\/policies$/, roles: ['fund-manager'], page: PoliciesPage },
  { pattern: /^\/ledger$/, roles: ['regulator'], page: LedgerExplorer },
  { pattern: /^\/ledger\/([0-9]+)$/, roles: ['regulator'], page: EntryPage },
  { pattern: /^\/reports\/loan$/, roles: ['regulator'], page: LoanReportPage },
  { pattern: /^\/charts$/, roles: ['regulator'], page: ChartsPage },
  { pattern: /^\/bank$/, roles: ['bank'], page: BankPage },
  { pattern: /^\/subsidy$/, roles: ['fund-manager', 'regulator'], page: SubsidyRoundsPage },
  { pattern: /^\/interest-reports$/, roles: ['bank'], page: InterestReportsPage },
  {
    pattern: /^\/statements$/,
    roles: ['fund-manager', 'regulator', 'bank'],
    page: StatementsPage,
  },
  {
    pattern: /^\/statements\/([^/]+)$/,
    roles: ['fund-manager', 'regulator', 'bank'],
    page: StatementPage,
  },
];

const MENUS: Record<Role, ReadonlyArray<[string, TextKey]>> = {
  'fund-manager': [
    ['/claims', 'nav_inbox'],
    ['/fund', 'nav_fund'],
    ['/policies', 'nav_policies'],
    ['/subsidy', 'nav_subsidy'],
    ['/statements', 'nav_statements'],
  ],
  regulator: [
    ['/ledger', 'nav_ledger'],
    ['/reports/loan', 'nav_loanReport'],
    ['/charts', 'nav_charts'],
    ['/subsidy', 'nav_subsidy'],
    ['/statements', 'nav_statements'],
  ],
  bank: [
    ['/bank', 'nav_bank'],
    ['/interest-reports', 'nav_interestReports'],
    ['/statements', 'nav_statements'],
  ],
  admin: [],
};

/** The console path of the address bar: `/console/claims/1` → `/claims/1`. */
function currentPath(): string {
  const path = window.location.pathname;
  const inside = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  const trimmed = inside.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export function App() {
  const [lang, setLang] = useState<Lang>('zh-CN');
  const [session, setSession] = useState<Session | null>(null);
  const [path, setPath] = useState(currentPath);

  useEffect(() => {
    const onPop = () => setPath(currentPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const navigate = useCallback((to: string) => {
    window.history.pushState(null, '', `${BASE}${to}`);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);
  const t = useCallback((key: TextKey) => text(lang, key), [lang]);
  const switchLang = (
    <button
      type="button"
      className="secondary"
      data-testid="language"
      onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
    >
      {t('language')}
    </button>
  );

  if (session === null) {
    return (
      <SignIn
        lang={lang}
        switchLang={switchLang}
        onSignedIn={(s) => {
          setSession(s);
          if (path === '/') {
            const first = MENUS[s.role][0];
            if (first !== undefined) navigate(first[0]);
          }
        }}
      />
    );
  }
  return (
    <SignedIn
      context={{ session, lang, t, navigate }}
      path={path}
      switchLang={switchLang}
      onSignOut={() => {
        setSession(null);
        navigate('/');
      }}
    />
  );
}

function SignIn({
  lang,
  switchLang,
  onSignedIn,
}: {
  lang: Lang;
  switchLang: ReactElement;
  onSignedIn: (session: Session) => void;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const t = (k: TextKey) => text(lang, k);
  const submit = () => {
    setBusy(true);
    setError(undefined);
    signIn(key).then(onSignedIn, (e: unknown) => {
      setError(e);
      setBusy(false);
    });
  };
  return (
    <main className="sign-in">
      <header>
        <h1>{t('appName')}</h1>
        {switchLang}
      </header>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label className="field">
          <span>{t('apiKey')}</span>
          <input
            type="password"
            autoComplete="off"
            data-testid="api-key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <p className="muted">{t('keyNote')}</p>
        <button type="submit" data-testid="sign-in" disabled={busy || key.trim() === ''}>
          {t('signIn')}
        </button>
        <ProblemBox error={error} lang={lang} />
      </form>
    </main>
  );
}

function SignedIn({
  context,
  path,
  switchLang,
  onSignOut,
}: {
  context: ConsoleContext;
  path: string;
  switchLang: ReactElement;
  onSignOut: () => void;
}) {
  const { session, t } = context;
  const menu = MENUS[session.role];
  let body: ReactElement;
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (session.role === 'admin') {
    body = <p data-testid="admin-note">{t('adminNote')}</p>;
  } else if (path === '/') {
    body = <p className="muted">{t('loading')}</p>;
  } else if (route === undefined) {
    body = <h2>{t('notFound')}</h2>;
  } else if (!route.roles.includes(session.role)) {
    body = (
      <section data-testid="forbidden">
        <h2>{t('forbidden')}</h2>
        <p>{t('forbiddenNote')}</p>
      </section>
    );
  } else {
    const Page = route.page;
    const params = (route.pattern.exec(path) ?? []).slice(1).map(decodeURIComponent);
    body = <Page key={path} params={params} />;
  }
  return (
    <Ctx.Provider value={context}>
      <header className="top">
        <h1>{t('appName')}</h1>
        <nav>
          {menu.map(([to, label]) => (
            <Link key={to} to={to} testId={`nav-${to.slice(1).replace(/\//g, '-')}`}>
              {t(label)}
            </Link>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {t(`role_${session.role}`)}
          {session.scope !== null && ` · ${session.scope}`}
        </span>
        {switchLang}
        <button type="button" className="secondary" data-testid="sign-out" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </header>
      <main>{body}</main>
      <footer className="time-zone" data-testid="time-zone">
        {t('timeZoneNote')}
      </footer>
    </Ctx.Provider>
  );
}
