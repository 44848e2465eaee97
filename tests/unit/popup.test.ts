// @vitest-environment happy-dom
/**
 * The popup without a browser (lib/pages/popup/controller.ts): fakes for the worker, the tab and
 * storage; what the rep sees and does, and that a redraw while a form is open keeps what is typed.
 */
import { describe, expect, it, vi } from 'vitest';
import { startPopup, type PopupDeps } from '@/lib/pages/popup/controller';
import type { AppEvent, AppStatus, BulkResult, ButtonState, CaptureState, NeedsAttentionItem, TabState } from '@/lib/shared/messages';
import type { Settings } from '@/lib/shared/storage';
import { appStatus, pageEnvironment } from '../support/pages';

const JANE_URL = 'https://www.linkedin.com/in/jane-doe/';
const JANE = 'https://www.linkedin.com/in/jane-doe';
const SEARCH_URL = 'https://www.linkedin.com/search/results/people/?keywords=growth&page=2';

const item = (id: string, firstName: string): NeedsAttentionItem => ({
  id,
  source: 'linkedin',
  profileUrl: `https://www.linkedin.com/in/${id}`,
  firstName,
  lastName: 'Doe',
  jobTitle: 'Head of Growth',
  reason: 'The first name looks like a company name.',
  fields: {},
});

const status = (waiting: number, needsAttention: NeedsAttentionItem[]): AppStatus => appStatus({ waiting, needsAttention });

interface PopupOptions {
  status?: AppStatus;
  tab?: ButtonState | null;
  language?: 'en' | 'fr';
  placement?: Settings['placement'];
  /** What the worker knows of Jane's capture when the popup asks (nothing captured by default). */
  capture?: CaptureState;
  /** A people search tab (its content script answers as on a search page) instead of Jane's profile. */
  search?: {
    /** What the worker kept of the tab's last bulk capture when the popup opens. */
    bulk: BulkResult | null;
    /** What a bulk capture through the popup becomes: the worker's record of it, and its status after. */
    after?: { bulk: BulkResult; status: AppStatus };
  };
}

function popup(options: PopupOptions = {}) {
  let current = options.status ?? status(0, []);
  const storageListeners: Array<() => void> = [];
  const { search } = options;
  let bulk = search?.bulk ?? null;
  const appListeners: Array<(event: AppEvent) => void> = [];
  const tabState: TabState | null =
    options.tab === null
      ? null
      : search
        ? { profileUrl: null, state: options.tab ?? { kind: 'idle' }, peopleSearch: true }
        : { profileUrl: 'https://www.linkedin.com/in/jane-doe', state: options.tab ?? { kind: 'idle' } };
  const environment = pageEnvironment(options.language);
  const deps = {
    ...environment,
    settings: { ...environment.settings, get: () => environment.settings.get().then((settings) => ({ ...settings, placement: options.placement ?? settings.placement })) },
    background: {
      status: vi.fn(() => Promise.resolve(current)),
      retryNow: vi.fn(() => Promise.resolve(current)),
      discard: vi.fn(() => Promise.resolve({ ok: true })),
      edit: vi.fn(() => Promise.resolve({ ok: true as const })),
      captureTab: vi.fn(() => {
        if (!search) return Promise.resolve<TabState>({ profileUrl: 'https://www.linkedin.com/in/jane-doe', state: { kind: 'captured', capturedAt: '2026-11-30T10:00:00.000Z' } });
        // As the worker does: the bulk is done (delivered or queued) before the tab answers.
        if (search.after) ({ bulk, status: current } = search.after);
        return Promise.resolve<TabState>({ profileUrl: null, state: { kind: 'idle' }, peopleSearch: true });
      }),
      tabBulk: vi.fn(() => Promise.resolve(bulk)),
      captureState: vi.fn((_profileUrl: string) => Promise.resolve<CaptureState>(options.capture ?? { status: { state: 'none' }, person: null })),
    },
    tabState: vi.fn(() => (tabState ? Promise.resolve(tabState) : Promise.reject(new Error('no content script')))),
    activeTab: () => Promise.resolve({ id: 7, url: search ? SEARCH_URL : JANE_URL }),
    shortcut: () => Promise.resolve('Alt+Shift+S'),
    openOptions: vi.fn(),
    openShortcuts: vi.fn(),
    onLocalStorageChange: (callback: () => void) => void storageListeners.push(callback),
    onAppEvent: (callback: (event: AppEvent) => void) => void appListeners.push(callback),
    onReady: vi.fn(),
  } satisfies PopupDeps;
  const started = startPopup(deps);
  return {
    deps,
    ready: started.ready,
    state: () => started.state,
    /** The worker's queue changed, as a delivery or a capture in another tab changes it. */
    async storageChanged(next: AppStatus) {
      current = next;
      for (const listener of storageListeners) listener();
      await vi.waitFor(() => expect(document.getElementById('waiting-text')?.textContent).toBe(next.waiting === 0 ? 'Nothing waiting.' : `${next.waiting} waiting to be sent`));
    },
    /** The worker tells our pages what changed (issue 20). */
    tell(captures: AppEvent['captures'], erased = false) {
      for (const listener of appListeners) listener({ type: 'views-changed', captures, erased });
    },
    byId: <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null,
  };
}

describe('the popup', () => {
  it('draws the queue, the needs-attention list and this page, then reports ready once', async () => {
    const page = popup({ status: status(1000, Array.from({ length: 50 }, (_, index) => item(`id-${index}`, `Person${index}`))) });
    await page.ready;
    expect(page.deps.onReady).toHaveBeenCalledTimes(1);
    expect(page.byId('connection-text')?.textContent).toBe('Connected to Acme as rep@acme.io');
    expect(page.byId('waiting-text')?.textContent).toBe('1,000 waiting to be sent');
    expect(document.querySelectorAll('#attention-list li')).toHaveLength(50);
    expect(page.byId('tab-capture-label')?.textContent).toBe('Capture');
    expect(page.byId('shortcut-text')?.textContent).toBe('Shortcut: Alt+Shift+S');
  });

  it('draws its first frame at once, before any answer, saying nothing it does not know yet (issue 22)', () => {
    const never = () => new Promise<never>(() => undefined);
    const environment = pageEnvironment();
    const onFirstFrame = vi.fn();
    startPopup({
      ...environment,
      settings: { ...environment.settings, get: never },
      background: { status: never, retryNow: never, discard: never, edit: never, captureTab: never, tabBulk: never, captureState: never },
      tabState: never,
      activeTab: never,
      shortcut: never,
      openOptions: vi.fn(),
      openShortcuts: vi.fn(),
      onLocalStorageChange: () => undefined,
      onAppEvent: () => undefined,
      onFirstFrame,
    });
    expect(onFirstFrame).toHaveBeenCalledTimes(1);
    const shown = [...document.querySelectorAll('h1, h2')].filter((heading) => !heading.closest('[hidden]'));
    expect(shown.map((heading) => heading.textContent)).toEqual(['Metrikia Companion', 'This page', 'Waiting captures']);
    expect(document.getElementById('settings-link')?.textContent).toBe('Settings');
    // Not "Not connected", "Nothing waiting." or "Open a LinkedIn or Instagram profile": not known yet.
    for (const id of ['connection-text', 'waiting-text', 'tab-text', 'tab-detail']) expect(document.getElementById(id)?.textContent, id).toBe('');
    expect(document.getElementById('tab-capture')?.hidden).toBe(true);
    expect(document.getElementById('open-settings')?.hidden).toBe(true);
  });

  it('in French, the same popup in French', async () => {
    const page = popup({ language: 'fr', status: status(2, []) });
    await page.ready;
    expect(document.documentElement.lang).toBe('fr');
    expect(page.byId('waiting-text')?.textContent).toBe('2 en attente d’envoi');
    expect(page.byId('tab-capture-label')?.textContent).toBe('Capturer');
  });

  it.each([
    ['en', ['Metrikia no longer accepts your API key', 'Connect a new key to send the waiting captures.'], '3 captures will be removed tomorrow: connect a valid key or export them.', '2 captures were removed after 7 days without being sent.'],
    ['fr', ['Metrikia n’accepte plus votre clé API', 'Connectez une nouvelle clé pour envoyer les captures en attente.'], '3 captures seront supprimées demain : connectez une clé valide ou exportez-les.', '2 captures ont été supprimées après 7 jours sans envoi.'],
  ] as const)('%s: captures held by a rejected key are announced a day before removal, and nothing says they are kept', async (language, banner, expiring, expired) => {
    const page = popup({ language, status: appStatus({ keyRejected: true, waiting: 5, expiringSoon: 3, expiredCount: 2 }) });
    await page.ready;
    expect([page.byId('connection-text')?.textContent, page.byId('key-rejected')?.textContent]).toEqual(banner);
    expect(page.byId('expiring-text')?.textContent).toBe(expiring);
    expect(page.byId('expiring-text')?.getAttribute('role')).toBe('alert');
    expect(page.byId('expired-text')?.textContent).toBe(expired);
    const said = document.body.textContent ?? '';
    expect(said).not.toMatch(language === 'en' ? /\bkept\b/u : /conserv/u);
  });

  it('no notice when nothing is about to be removed', async () => {
    const page = popup({ status: appStatus({ waiting: 5 }) });
    await page.ready;
    expect(page.byId('expiring-text')?.hidden).toBe(true);
    expect(page.byId('expiring-text')?.textContent).toBe('');
  });

  it('a storage change while Edit is open keeps the form, what was typed, the caret and the focus', async () => {
    const page = popup({ status: status(1, [item('a', 'Jane'), item('b', 'Bob')]) });
    await page.ready;
    page.byId<HTMLButtonElement>('edit-a')?.click();
    const first = page.byId<HTMLInputElement>('first-a');
    if (!first) throw new Error('the edit form did not open');
    expect(document.activeElement).toBe(first);
    first.value = 'Janet Corp';
    first.dispatchEvent(new Event('input', { bubbles: true }));
    first.setSelectionRange(5, 10);

    // Another capture arrives in the queue, and Bob's refusal is fixed elsewhere.
    await page.storageChanged(status(2, [item('a', 'Jane')]));
    expect(page.byId('first-a')).toBe(first);
    expect(first.value).toBe('Janet Corp');
    expect([first.selectionStart, first.selectionEnd]).toEqual([5, 10]);
    expect(document.activeElement).toBe(first);

    first.form?.requestSubmit();
    await vi.waitFor(() => expect(page.deps.background.edit).toHaveBeenCalledWith('a', { firstName: 'Janet Corp', lastName: 'Doe', jobTitle: 'Head of Growth' }));
  });

  it('a storage change while "Enter details" is open keeps what was typed and the focus', async () => {
    const page = popup({ tab: { kind: 'failed', reason: 'name-not-found', message: null, found: { firstName: '', lastName: '', jobTitle: 'CEO' } } });
    await page.ready;
    page.byId<HTMLButtonElement>('tab-enter-details')?.click();
    const input = page.byId<HTMLInputElement>('details-last');
    if (!input) throw new Error('Enter details did not open');
    input.focus();
    input.value = 'Durand';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.setSelectionRange(3, 3);
    await page.storageChanged(status(3, []));
    expect(page.byId('details-last')).toBe(input);
    expect(input.value).toBe('Durand');
    expect(input.selectionStart).toBe(3);
    expect(document.activeElement).toBe(input);
    expect(page.byId<HTMLInputElement>('details-title')?.value).toBe('CEO');
  });

  it('Capture does what the page’s button does: capture when idle, through the worker’s capture-tab', async () => {
    const page = popup();
    await page.ready;
    page.byId<HTMLButtonElement>('tab-capture')?.click();
    expect(page.byId('tab-capture-label')?.textContent).toBe('Capturing…');
    // With the page it showed the rep: the worker refuses if the tab shows another by then (issue 21).
    expect(page.deps.background.captureTab).toHaveBeenCalledWith(7, { expectedPage: JANE });
    await vi.waitFor(() => expect(page.byId('tab-capture-label')?.textContent).toBe('Captured'));
  });

  it('Capture on Captured offers "Capture again" and sends nothing; on Not connected it opens the settings', async () => {
    const captured = popup({
      tab: { kind: 'captured', capturedAt: '2026-11-30T10:00:00.000Z' },
      capture: { status: { state: 'captured', capturedAt: '2026-11-30T10:00:00.000Z', existing: false }, person: null },
    });
    await captured.ready;
    captured.byId<HTMLButtonElement>('tab-capture')?.click();
    expect(document.activeElement?.id).toBe('tab-capture-again');
    expect(document.activeElement?.textContent).toBe('Capture again');
    expect(captured.deps.background.captureTab).not.toHaveBeenCalled();

    const notConnected = popup({ tab: { kind: 'not-connected' }, status: appStatus({ connection: null }) });
    await notConnected.ready;
    expect(notConnected.byId('tab-capture-label')?.textContent).toBe('Not connected');
    notConnected.byId<HTMLButtonElement>('tab-capture')?.click();
    expect(notConnected.deps.openOptions).toHaveBeenCalledTimes(1);
    expect(notConnected.deps.background.captureTab).not.toHaveBeenCalled();
  });

  it('with no content script in the tab, asks to reload the page', async () => {
    const page = popup({ tab: null });
    await page.ready;
    expect(page.byId('tab-text')?.textContent).toBe('Reload this page to capture it.');
    expect(page.byId('tab-capture')?.hidden).toBe(true);
  });
});

describe('"This page" follows the worker, the one owner of capture states (issue 20)', () => {
  const AT = '2026-12-06T09:41:00.000Z';
  const PERSON = { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth' };

  it('Queued → Captured with no reload, naming whom the capture sent; a 200 says Already in Metrikia', async () => {
    const page = popup({ tab: { kind: 'queued', reason: 'offline' }, capture: { status: { state: 'queued', reason: 'offline' }, person: PERSON }, status: status(1, []) });
    await page.ready;
    await vi.waitFor(() => expect(page.byId('tab-person')?.textContent).toBe('Jane Doe · Head of Growth'));
    expect(page.byId('tab-capture-label')?.textContent).toBe('Queued');
    expect(page.deps.background.captureState).toHaveBeenCalledWith(JANE);

    page.tell([{ profileUrl: JANE, state: { status: { state: 'captured', capturedAt: AT, existing: false }, person: PERSON } }]);
    expect(page.byId('tab-capture-label')?.textContent).toBe('Captured');
    expect(page.byId('tab-detail')?.textContent).toBe('Captured on 6 Dec 2026');
    expect(page.byId('tab-person')?.textContent).toBe('Jane Doe · Head of Growth');
    // The queue's numbers are asked again: the delivery emptied it.
    await page.storageChanged(status(0, []));

    page.tell([{ profileUrl: JANE, state: { status: { state: 'captured', capturedAt: AT, existing: true }, person: PERSON } }]);
    expect(page.byId('tab-capture-label')?.textContent).toBe('Already in Metrikia');
    // Another profile's news changes nothing here.
    page.tell([{ profileUrl: 'https://www.linkedin.com/in/john-smith', state: { status: { state: 'none' }, person: null } }]);
    expect(page.byId('tab-capture-label')?.textContent).toBe('Already in Metrikia');
  });

  it('the worker’s word heard before the tab’s answer to the click is kept (the two race)', async () => {
    const page = popup();
    await page.ready;
    page.deps.background.captureTab.mockImplementationOnce(async () => {
      page.tell([{ profileUrl: JANE, state: { status: { state: 'rejected', message: 'Bad name' }, person: PERSON } }]);
      return { profileUrl: JANE, state: { kind: 'failed', reason: 'rejected', message: 'Bad name' } };
    });
    page.byId<HTMLButtonElement>('tab-capture')?.click();
    // Done once the tab's answer is drawn (the event made the popup forget its own "Capturing…").
    await vi.waitFor(() => expect(page.state().tabState?.state).toMatchObject({ kind: 'failed', reason: 'rejected' }));
    expect(page.byId('tab-capture-label')?.textContent).toBe('Rejected by Metrikia: Bad name');
    expect(page.byId('tab-person')?.textContent).toBe('Jane Doe · Head of Growth');
  });

  it('names heard before a worker restart still say whom the capture sent once it is delivered', async () => {
    const page = popup({ capture: { status: { state: 'queued', reason: 'rate-limited' }, person: PERSON } });
    await page.ready;
    await vi.waitFor(() => expect(page.byId('tab-person')?.textContent).toBe('Jane Doe · Head of Growth'));
    page.tell([{ profileUrl: JANE, state: { status: { state: 'captured', capturedAt: AT, existing: false }, person: null } }]);
    expect(page.byId('tab-capture-label')?.textContent).toBe('Captured');
    expect(page.byId('tab-person')?.textContent).toBe('Jane Doe · Head of Growth');
  });

  it('after a worker restart the names are gone: it says only when', async () => {
    const page = popup({ capture: { status: { state: 'captured', capturedAt: AT, existing: false }, person: null } });
    await page.ready;
    await vi.waitFor(() => expect(page.byId('tab-capture-label')?.textContent).toBe('Captured'));
    expect(page.byId('tab-person')?.textContent).toBe('');
    expect(page.byId('tab-detail')?.textContent).toBe('Captured on 6 Dec 2026');
  });

  it('a refused capture is fixed right here (Edit and Discard of its Needs attention entry), and the popup never tells the rep to open itself', async () => {
    const refused = { ...item('jane-refused', 'Jane'), profileUrl: JANE };
    const page = popup({ capture: { status: { state: 'rejected', message: 'Bad name' }, person: PERSON }, status: status(0, [refused]) });
    await page.ready;
    await vi.waitFor(() => expect(page.byId('tab-capture-label')?.textContent).toBe('Rejected by Metrikia: Bad name'));
    expect(page.byId('tab-detail')?.textContent).toBe('Edit it and send it again, or discard it.');
    const thisPage = page.byId('tab-heading')?.closest('section');
    expect(thisPage?.querySelector('#edit-jane-refused')?.getAttribute('aria-label')).toBe('Edit Jane Doe');
    // Not listed a second time under Needs attention (its only entry: the section is hidden).
    expect(page.byId('attention')?.hidden).toBe(true);
    expect(document.body.textContent).not.toMatch(/open the extension/iu);
    page.byId<HTMLButtonElement>('edit-jane-refused')?.click();
    expect(document.activeElement).toBe(page.byId('first-jane-refused'));
    expect(page.byId('first-jane-refused')?.closest('section')).toBe(thisPage);
    page.byId<HTMLInputElement>('first-jane-refused')?.form?.requestSubmit();
    await vi.waitFor(() => expect(page.deps.background.edit).toHaveBeenCalledWith('jane-refused', { firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth' }));
  });

  it('a key Metrikia no longer accepts is one state: said once, the captures still counted, one way on, no "Retry now"', async () => {
    for (const language of ['en', 'fr'] as const) {
      const page = popup({ language, status: appStatus({ keyRejected: true, waiting: 2 }) });
      await page.ready;
      expect(page.byId('connection-text')?.textContent).toBe(language === 'en' ? 'Metrikia no longer accepts your API key' : 'Metrikia n’accepte plus votre clé API');
      expect(document.body.textContent).not.toMatch(/Connected to|Connecté à/u);
      expect(page.byId('open-settings')?.textContent).toBe(language === 'en' ? 'Connect a new key' : 'Connecter une nouvelle clé');
      expect(page.byId('waiting-text')?.textContent).toBe(language === 'en' ? '2 waiting to be sent' : '2 en attente d’envoi');
      expect(page.byId('retry-now')?.hidden).toBe(true);
    }
  });

  it('a page that changed since the popup read it: nothing captured, the popup says so and shows the page the tab shows now (issue 21)', async () => {
    const page = popup();
    await page.ready;
    page.deps.background.captureTab.mockResolvedValueOnce({ profileUrl: null, state: { kind: 'failed', reason: 'page-changed', message: null } });
    const john = 'https://www.linkedin.com/in/john-smith';
    page.deps.activeTab = () => Promise.resolve({ id: 7, url: `${john}/` });
    page.deps.tabState.mockResolvedValueOnce({ profileUrl: john, state: { kind: 'idle' } });
    page.byId<HTMLButtonElement>('tab-capture')?.click();
    await vi.waitFor(() => expect(page.byId('tab-notice')?.textContent).toBe('The page changed before the capture: nothing was sent. Check this page, then capture it.'));
    expect(page.byId('tab-capture-label')?.textContent).toBe('Capture');
    expect(page.deps.background.captureState).toHaveBeenLastCalledWith(john);
  });
});

/** A bulk capture with one person in each state, and two left to their profile. */
const person = (slug: string, name: string, state: BulkResult['people'][number]['state']) => ({ profileUrl: `https://www.linkedin.com/in/${slug}`, name, state });
const BULK: BulkResult = {
  counts: { captured: 1, alreadyCaptured: 2, queued: 1, refused: 1, notSaved: 1, fromProfile: 2 },
  people: [
    person('amelie-laurent', 'Amélie Laurent', 'captured'),
    person('tomasz-nowak', 'Tomasz Nowak', 'existing'),
    person('lucas-moreau', 'Lucas Moreau', 'cached'),
    person('kwame-mensah', 'Kwame Mensah', 'queued'),
    person('sofia-garcia', 'Sofia García', 'rejected'),
    person('jan-nowicki', 'Jan Nowicki', 'not-saved'),
  ],
  fromProfile: [
    { name: 'Priya Raman', reason: 'member-id', profileLink: 'https://www.linkedin.com/in/ACoAABx7Yk0' },
    { name: null, reason: 'no-profile-link', profileLink: null },
  ],
};
/** Sofia's refusal, as Needs attention holds it after the bulk. */
const SOFIA: NeedsAttentionItem = { ...item('sofia-refused', 'Sofia'), lastName: 'García', profileUrl: 'https://www.linkedin.com/in/sofia-garcia' };
const AFTER_BULK = { bulk: BULK, status: status(1, [SOFIA]) };

const WORDS = {
  en: {
    before: 'Capture people on this page',
    after: 'Capture 1 person',
    summary: '1 captured, 2 already captured, 1 queued, 1 refused by Metrikia, 1 not saved, 2 to capture from their profile',
    waiting: '1 waiting to be sent',
    lines: [
      'Amélie Laurent: Captured',
      'Tomasz Nowak: Already in Metrikia',
      'Lucas Moreau: Already captured',
      'Kwame Mensah: Queued',
      'Sofia García: Refused by Metrikia: Edit or Discard it under Needs attention',
      'Jan Nowicki: Not saved: too many captures waiting, or a field too long',
      'Priya Raman: LinkedIn hides their profile’s address here. Open their profile to capture them.',
      'LinkedIn member: LinkedIn shows no profile for them here.',
    ],
    edit: ['Edit Sofia García', 'Discard Sofia García'],
  },
  fr: {
    before: 'Capturer les personnes de cette page',
    after: 'Capturer 1 personne',
    summary: '1 capturé, 2 déjà capturés, 1 en attente, 1 refusé par Metrikia, 1 non enregistré, 2 à capturer depuis leur profil',
    waiting: '1 en attente d’envoi',
    lines: [
      'Amélie Laurent: Capturé',
      'Tomasz Nowak: Déjà dans Metrikia',
      'Lucas Moreau: Déjà capturé',
      'Kwame Mensah: En attente',
      'Sofia García: Refusé par Metrikia : modifiez-le ou supprimez-le sous À vérifier',
      'Jan Nowicki: Non enregistré : trop de captures en attente, ou un champ trop long',
      'Priya Raman: LinkedIn masque ici l’adresse de son profil. Ouvrez son profil pour le capturer.',
      'Membre LinkedIn: LinkedIn n’affiche ici aucun profil pour cette personne.',
    ],
    edit: ['Modifier Sofia García', 'Supprimer Sofia García'],
  },
} as const;

/** Each line of the popup's list of people: "name: status". */
const personLines = () =>
  [...document.querySelectorAll('#bulk-people > li')].map((line) => `${line.querySelector('.item-name')?.textContent}: ${line.querySelector('.person-status')?.textContent}`);
/** The accessible names of the buttons on each line that has any. */
const lineButtons = () =>
  [...document.querySelectorAll('#bulk-people > li')].flatMap((line) => [...line.querySelectorAll('button')].map((control) => control.getAttribute('aria-label')));

describe('the popup over a people search page (issue 13)', () => {
  const CASES = (['en', 'fr'] as const).flatMap((language) => (['page', 'toolbar'] as const).map((placement) => ({ language, placement })));

  it.each(CASES)('$language, $placement: before any bulk, "This page" offers the page’s Capture, uncounted, and reads nothing', async ({ language, placement }) => {
    const page = popup({ language, placement, search: { bulk: null } });
    await page.ready;
    expect(page.byId('bulk')?.hidden).toBe(false);
    expect(page.byId('bulk-heading')?.textContent).toBe(language === 'en' ? 'This page' : 'Cette page');
    expect(page.byId('tab-capture')?.closest('section')?.hidden).toBe(true); // no "no profile" sentence
    expect(page.byId('bulk-capture-label')?.textContent).toBe(WORDS[language].before);
    expect(page.byId('bulk-summary')?.textContent).toBe('');
    expect(page.byId('bulk-details')?.hidden).toBe(true);
    // The tab was asked what its button shows, the worker what it kept; nothing was read or sent.
    expect(page.deps.tabState).toHaveBeenCalledWith(7);
    expect(page.deps.background.tabBulk).toHaveBeenCalledWith(7);
    expect(page.deps.background.captureTab).not.toHaveBeenCalled();
  });

  it.each(CASES)('$language, $placement: Capture goes through capture-tab, then shows the summary, "Capture N people", one line per person, and the queue', async ({ language, placement }) => {
    const page = popup({ language, placement, search: { bulk: null, after: AFTER_BULK } });
    await page.ready;
    page.byId<HTMLButtonElement>('bulk-capture')?.click();
    expect(page.byId('bulk-capture')?.getAttribute('aria-busy')).toBe('true');
    expect(page.deps.background.captureTab).toHaveBeenCalledExactlyOnceWith(7, { expectedPage: SEARCH_URL });
    await vi.waitFor(() => expect(page.byId('bulk-capture-label')?.textContent).toBe(WORDS[language].after));
    expect(page.byId('bulk-summary')?.textContent).toBe(WORDS[language].summary);
    expect(page.byId('bulk-people')?.tagName).toBe('UL');
    expect(page.byId('bulk-people')?.getAttribute('aria-label')).toBe(language === 'en' ? 'People on this page' : 'Personnes de cette page');
    expect(personLines()).toEqual(WORDS[language].lines);
    // Edit and Discard only for the refused person: the controls of her Needs attention entry.
    expect(lineButtons()).toEqual(WORDS[language].edit);
    expect(page.byId('bulk-edit-sofia-refused')?.closest('li')?.querySelector('.item-name')?.textContent).toBe('Sofia García');
    expect(page.byId('edit-sofia-refused')?.closest('#attention-list')).not.toBeNull();
    // The queued person is in IndexedDB only (no storage.local change): the popup asked anyway.
    expect(page.byId('waiting-text')?.textContent).toBe(WORDS[language].waiting);
  });

  it('opened after a bulk of this tab, shows what it became at once, without a click', async () => {
    const page = popup({ status: AFTER_BULK.status, search: { bulk: BULK } });
    await page.ready;
    expect(page.byId('bulk-capture-label')?.textContent).toBe('Capture 1 person');
    expect(page.byId('bulk-summary')?.textContent).toBe(WORDS.en.summary);
    expect(personLines()).toEqual(WORDS.en.lines);
    expect(page.deps.background.captureTab).not.toHaveBeenCalled();
  });

  it('a refused person’s Edit opens the one edit form, in Needs attention; Discard discards that entry', async () => {
    const page = popup({ status: AFTER_BULK.status, search: { bulk: BULK } });
    await page.ready;
    page.byId<HTMLButtonElement>('bulk-edit-sofia-refused')?.click();
    expect(document.activeElement).toBe(page.byId('first-sofia-refused'));
    expect(document.querySelectorAll('form')).toHaveLength(1);
    expect(page.byId<HTMLInputElement>('first-sofia-refused')?.value).toBe('Sofia');

    page.byId<HTMLButtonElement>('bulk-discard-sofia-refused')?.click();
    expect(page.deps.background.discard).toHaveBeenCalledExactlyOnceWith('sofia-refused');
  });

  it('"Capture N people" counts those a click would send; with none, no Capture is offered; a click that read nobody keeps "Capture people on this page"', async () => {
    const done: BulkResult = { counts: { ...BULK.counts, captured: 1, alreadyCaptured: 0, queued: 0, refused: 0, notSaved: 0, fromProfile: 1 }, people: [BULK.people[0]!], fromProfile: [BULK.fromProfile[0]!] };
    const captured = popup({ search: { bulk: done } });
    await captured.ready;
    expect(captured.byId('bulk-capture')?.hidden).toBe(true);
    expect(captured.byId('bulk-summary')?.textContent).toBe('1 captured, 1 to capture from their profile');
    expect(captured.byId('bulk-done')?.textContent).toBe('Nothing left to capture on this page.');

    const nobody: BulkResult = { counts: { ...done.counts, captured: 0, fromProfile: 0 }, people: [], fromProfile: [] };
    const empty = popup({ language: 'fr', search: { bulk: nobody } });
    await empty.ready;
    expect(empty.byId('bulk-capture-label')?.textContent).toBe('Capturer les personnes de cette page');
    expect(empty.byId('bulk-summary')?.textContent).toBe('Personne à capturer sur cette page');
    expect(empty.byId('bulk-details')?.hidden).toBe(true);
  });

  it('the list is collapsed under a summary line, and each profile left to capture from its page is a link to it', async () => {
    const page = popup({ status: AFTER_BULK.status, search: { bulk: BULK } });
    await page.ready;
    const details = page.byId<HTMLDetailsElement>('bulk-details');
    expect(details?.tagName).toBe('DETAILS');
    expect(details?.open).toBe(false);
    expect(page.byId('bulk-toggle')?.textContent).toBe('8 people on this page');
    const links = [...document.querySelectorAll<HTMLAnchorElement>('#bulk-people a')].map((link) => [link.textContent, link.getAttribute('href'), link.target]);
    expect(links).toEqual([['Priya Raman', 'https://www.linkedin.com/in/ACoAABx7Yk0', '_blank']]);
  });

  it('follows the worker: a queued person delivered reads Captured, and once nobody is left the Capture goes', async () => {
    const page = popup({ status: AFTER_BULK.status, search: { bulk: BULK } });
    await page.ready;
    const at = '2026-12-06T09:00:00.000Z';
    page.tell([{ profileUrl: 'https://www.linkedin.com/in/kwame-mensah', state: { status: { state: 'captured', capturedAt: at, existing: false }, person: null } }]);
    expect(personLines()[3]).toBe('Kwame Mensah: Captured');
    expect(page.byId('bulk-summary')?.textContent).toBe('2 captured, 2 already captured, 1 refused by Metrikia, 1 not saved, 2 to capture from their profile');
    page.tell([{ profileUrl: 'https://www.linkedin.com/in/jan-nowicki', state: { status: { state: 'queued', reason: 'offline' }, person: null } }]);
    expect(page.byId('bulk-capture')?.hidden).toBe(true);
    expect(page.byId('bulk-done')?.hidden).toBe(false);
  });

  it('shows the page’s other states: a bulk a moment ago, Not connected (opens the settings)', async () => {
    const throttled = popup({ tab: { kind: 'failed', reason: 'throttled', message: null }, search: { bulk: BULK } });
    await throttled.ready;
    expect(throttled.byId('bulk-capture-label')?.textContent).toBe('Too many captures');
    expect(throttled.byId('bulk-summary')?.textContent).toBe('Wait a few seconds, then try again.');
    expect(personLines()).toHaveLength(8);

    const notConnected = popup({ tab: { kind: 'not-connected' }, search: { bulk: null } });
    await notConnected.ready;
    expect(notConnected.byId('bulk-capture-label')?.textContent).toBe('Not connected');
    notConnected.byId<HTMLButtonElement>('bulk-capture')?.click();
    expect(notConnected.deps.openOptions).toHaveBeenCalledTimes(1);
    expect(notConnected.deps.background.captureTab).not.toHaveBeenCalled();
  });

  it('with no content script in the search tab, asks to reload it, and asks the worker nothing about it', async () => {
    const page = popup({ tab: null, search: { bulk: BULK } });
    await page.ready;
    expect(page.byId('tab-text')?.textContent).toBe('Reload this page to capture it.');
    expect(page.byId('bulk')?.hidden).toBe(true);
    expect(page.deps.background.tabBulk).not.toHaveBeenCalled();
  });
});
