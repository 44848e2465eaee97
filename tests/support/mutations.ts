/**
 * Layouts LinkedIn has not shipped yet (issue 19 point 6): the changes its redesigns have made so far,
 * applied to a parsed fixture page, alone or combined. Each mutation takes the document in place;
 * none of them changes what a person reads on the page (the name, the headline, Experience, the
 * address bar), only where and how it is written, or adds what a person tells apart at a glance
 * (another person's card in a sidebar or a dialog, the UI in another language).
 *
 * tests/unit/mutations.test.ts runs every LinkedIn fixture through every mutation and requires the
 * capture to be exactly right or a truthful refusal, never another person.
 */

export interface MutationContext {
  /** The address bar's /in/<slug>, as the fixture is served (null for a people search page). */
  slug: string | null;
  /** The name the fixture shows, when it shows one: the mutations that move the name's heading find it by it. */
  shownName: string | null;
  /** On a people search page, the slugs of the people it lists: the mutations that add to a result find it by them. */
  people: string[];
}

export interface Mutation {
  name: string;
  /** What the change stands for, in a few words (the table's legend). */
  what: string;
  /** The page's head goes: what only the head stated (the public profile's first/last split) goes with it. */
  removesHead?: true;
  apply(document: Document, context: MutationContext): void;
}

const HEADINGS = 'h1, h2, h3';

/** A stable 8-hex hash, so a re-hashed class is the same token in the markup and in the style sheet. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (const char of text) value = Math.imul(value ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return value.toString(16).padStart(8, '0');
}

function all(root: ParentNode, selector: string): Element[] {
  return [...root.querySelectorAll(selector)];
}

/** `element` renamed to `tag`, its attributes and children kept. */
function rename(element: Element, tag: string): Element {
  const renamed = element.ownerDocument.createElement(tag);
  for (const attribute of [...element.attributes]) renamed.setAttribute(attribute.name, attribute.value);
  while (element.firstChild !== null) renamed.append(element.firstChild);
  element.replaceWith(renamed);
  return renamed;
}

/** Wraps `element` in `depth` new divs. */
function wrap(element: Element, depth: number): void {
  for (let level = 0; level < depth; level += 1) {
    const wrapper = element.ownerDocument.createElement('div');
    wrapper.className = `w${hash(`${level}`)}`;
    element.replaceWith(wrapper);
    wrapper.append(element);
  }
}

/** Wraps the children of `element` in `depth` new divs. */
function wrapContent(element: Element, depth: number): void {
  for (let level = 0; level < depth; level += 1) {
    const wrapper = element.ownerDocument.createElement('div');
    while (element.firstChild !== null) wrapper.append(element.firstChild);
    element.append(wrapper);
  }
}

const folded = (text: string | null | undefined) => (text ?? '').replace(/\s+/gu, ' ').trim().toLowerCase();

/** Elements whose own text is the name shown: its heading wherever it sits. */
function nameElements(document: Document, context: MutationContext): Element[] {
  if (context.shownName === null) return [];
  const name = folded(context.shownName);
  return all(document, `${HEADINGS}, p, span`).filter((element) => folded(element.textContent).includes(name) && folded(element.textContent).length < name.length + 40 && element.querySelector(`${HEADINGS}, p`) === null);
}

function closestProfileLink(element: Element): Element | null {
  return element.closest('a[href*="/in/"]');
}

/** A person who is not the one the address bar names, shown as LinkedIn shows people next to a profile. */
function otherPersonCard(document: Document, inLink: boolean): Element {
  const section = document.createElement('section');
  const href = 'https://www.linkedin.com/in/olivia-brandt-77/';
  const heading = `<h1 class="o1b2">Olivia Brandt</h1>`;
  section.innerHTML = [
    `<img width="120" height="120" alt="Olivia Brandt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`,
    inLink ? `<a href="${href}">${heading}</a>` : heading,
    '<p>Recruiter at Tailspin Toys · Hiring for sales roles</p>',
    inLink ? `<p><a href="${href}overlay/contact-info/">Contact info</a></p>` : '',
    '<button type="button" aria-label="More actions for Olivia Brandt">More</button>',
    '<button type="button" aria-label="Invite Olivia Brandt to connect">Connect</button>',
  ].join('');
  return section;
}

/** Where the profile's own content starts: the first section of main (or of the body). */
function firstContentSection(document: Document): Element | null {
  return document.querySelector('main section') ?? document.querySelector('section');
}

/** UI words of the fixtures, in the languages they use, and the same word in German (a UI no fixture uses). */
const GERMAN_MONTHS: Readonly<Record<string, string>> = {
  Jan: 'Jan.', Feb: 'Feb.', Mar: 'März', Apr: 'Apr.', May: 'Mai', Jun: 'Juni', Jul: 'Juli', Aug: 'Aug.', Sep: 'Sept.', Oct: 'Okt.', Nov: 'Nov.', Dec: 'Dez.',
};

const GERMAN: ReadonlyArray<[RegExp, string | ((...parts: string[]) => string)]> = [
  // Whole labels: a text that is only this word (a name may hold "Jan" or "More").
  [/^(\s*)(?:Experience|Expérience|Doświadczenie)(\s*)$/u, '$1Berufserfahrung$2'],
  [/^(\s*)(?:Education|Formation|Wykształcenie)(\s*)$/u, '$1Ausbildung$2'],
  [/^(\s*)(?:About|Infos|Informacje)(\s*)$/u, '$1Info$2'],
  [/^(\s*)(?:Activity|Activité|Aktywność)(\s*)$/u, '$1Aktivitäten$2'],
  [/^(\s*)(?:Contact info|Coordonnées|Dane kontaktowe)(\s*)$/u, '$1Kontaktinfo$2'],
  [/^(\s*)(?:People also viewed|Autres profils consultés)(\s*)$/u, '$1Andere sahen sich auch an$2'],
  [/^(\s*)People you may know(\s*)$/u, '$1Personen, die Sie kennen könnten$2'],
  [/^(\s*)Connect(\s*)$/u, '$1Vernetzen$2'],
  [/^(\s*)Message(\s*)$/u, '$1Nachricht$2'],
  [/^(\s*)Follow(\s*)$/u, '$1Folgen$2'],
  [/^(\s*)More(\s*)$/u, '$1Mehr$2'],
  // Labels that name the person.
  [/^More actions for (.+)$/u, 'Weitere Aktionen für $1'],
  [/^Manage notifications about (.+)$/u, 'Benachrichtigungen zu $1 verwalten'],
  [/^Invite (.+) to connect$/u, '$1 als Kontakt einladen'],
  [/^Message (.+)$/u, 'Nachricht an $1'],
  [/^View (.+)’s verifications$/u, 'Verifizierungen von $1 ansehen'],
  // Inside lines: dates, durations, employment types, degrees, counts.
  [/\b(?:Present|aujourd’hui|obecnie)(?=$|[\s·)])/giu, 'heute'],
  [/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/gu, (_m: string, month: string, year: string) => `${GERMAN_MONTHS[month] ?? month} ${year}`],
  [/\b(\d+) yrs?\b/gu, '$1 J.'],
  [/\b(\d+) mos?\b/gu, '$1 Mon.'],
  [/\b(?:Full-time|Temps plein|Pełny etat)(?=$|[\s·])/gu, 'Vollzeit'],
  [/\bPart-time\b/gu, 'Teilzeit'],
  [/\bSelf-employed\b/gu, 'Selbstständig'],
  [/(?<=[·•] ?)(?:2nd|2e)$/gu, '2.'],
  [/(?<=[·•] ?)(?:1st|1er)$/gu, '1.'],
  [/(?<=[·•] ?)(?:3rd\+|3e\+)$/gu, '3.+'],
  [/\bfollowers\b/gu, 'Follower'],
  [/\bconnections\b/gu, 'Kontakte'],
];

function toGerman(text: string): string {
  return GERMAN.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement as string), text);
}

/** Every text node under `root`, and the attributes a person hears (labels) or sees (alt, title stays: it is the name). */
function translate(document: Document): void {
  const walker = document.createTreeWalker(document.body ?? document, 4);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) texts.push(node as Text);
  for (const text of texts) {
    if (text.parentElement?.closest('style, script') != null) continue;
    text.data = toGerman(text.data);
  }
  for (const element of all(document, '[aria-label]')) element.setAttribute('aria-label', toGerman(element.getAttribute('aria-label') ?? ''));
  document.documentElement.setAttribute('lang', 'de');
}

export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'heading-out-of-link',
    what: 'the name’s heading moved out of its link (the link stays, empty)',
    apply(document, context) {
      for (const element of nameElements(document, context)) {
        const link = closestProfileLink(element);
        if (link !== null) link.before(element);
      }
    },
  },
  {
    name: 'heading-into-link',
    what: 'the name’s heading moved into a link to the profile',
    apply(document, context) {
      if (context.slug === null) return;
      for (const element of nameElements(document, context)) {
        if (closestProfileLink(element) !== null || element.closest('head') !== null) continue;
        const link = document.createElement('a');
        link.setAttribute('href', `https://www.linkedin.com/in/${context.slug}/`);
        element.replaceWith(link);
        link.append(element);
      }
    },
  },
  ...(['h1', 'h2', 'p', 'span'] as const).map(
    (tag): Mutation => ({
      name: `headings-to-${tag}`,
      what: `every h1, h2 and h3 becomes a ${tag}`,
      apply(document) {
        for (const element of all(document.body ?? document, HEADINGS)) rename(element, tag);
      },
    }),
  ),
  {
    name: 'classes-rehashed',
    what: 'every class re-hashed, in the markup and the style sheets alike',
    apply(document) {
      const renamed = (token: string) => `_${hash(token)}`;
      for (const element of all(document, '[class]')) {
        element.setAttribute('class', (element.getAttribute('class') ?? '').split(/\s+/u).filter(Boolean).map(renamed).join(' '));
      }
      for (const style of all(document, 'style')) {
        style.textContent = (style.textContent ?? '').replace(/\.(-?[_a-zA-Z][\w-]*)/gu, (_match, token: string) => `.${renamed(token)}`);
      }
    },
  },
  {
    name: 'ids-dropped',
    what: 'every id removed',
    apply(document) {
      for (const element of all(document, '[id]')) element.removeAttribute('id');
    },
  },
  {
    name: 'roles-dropped',
    what: 'every ARIA role removed',
    apply(document) {
      for (const element of all(document, '[role]')) element.removeAttribute('role');
    },
  },
  {
    name: 'data-dropped',
    what: 'every data-* attribute and componentkey removed',
    apply(document) {
      for (const element of all(document, '*')) {
        for (const attribute of [...element.attributes]) {
          if (attribute.name.startsWith('data-') || attribute.name === 'componentkey') element.removeAttribute(attribute.name);
        }
      }
    },
  },
  {
    name: 'attributes-renamed',
    what: 'ids, data-* names and componentkey values renamed',
    apply(document) {
      for (const element of all(document, '*')) {
        for (const attribute of [...element.attributes]) {
          if (attribute.name === 'id') element.setAttribute('id', `i${hash(attribute.value)}`);
          else if (attribute.name === 'componentkey') element.setAttribute('componentkey', `k${hash(attribute.value)}`);
          else if (attribute.name.startsWith('data-')) {
            element.removeAttribute(attribute.name);
            element.setAttribute(`data-x${hash(attribute.name)}`, attribute.value);
          }
        }
      }
    },
  },
  ...[1, 2].map(
    (depth): Mutation => ({
      name: `wrapped-${depth}`,
      what: `cards, list items and results each wrapped in ${depth} more element${depth > 1 ? 's' : ''}`,
      apply(document) {
        for (const element of all(document, 'section, [role="listitem"], [componentkey^="entity-collection-item"], [data-view-name]')) wrap(element, depth);
        for (const item of all(document, 'li')) wrapContent(item, depth);
      },
    }),
  ),
  {
    name: 'head-removed',
    what: 'no title, no meta, no link in the head',
    removesHead: true,
    apply(document) {
      for (const element of all(document.head ?? document, 'title, meta:not([charset]), link')) element.remove();
    },
  },
  {
    name: 'sections-reordered',
    what: 'the cards of each column in reverse order (the top card last)',
    apply(document) {
      const parents = new Set(all(document, 'section').map((section) => section.parentElement).filter((parent) => parent !== null));
      for (const parent of parents) {
        const sections = [...parent.children].filter((child) => child.tagName === 'SECTION');
        for (const section of sections.reverse()) parent.append(section);
      }
    },
  },
  {
    name: 'other-person-sidebar',
    what: 'another person’s card (heading in a link to her profile) in a sidebar before the top card',
    apply(document) {
      const aside = document.createElement('aside');
      aside.append(otherPersonCard(document, true));
      const first = firstContentSection(document);
      if (first !== null) first.before(aside);
      else document.body?.prepend(aside);
    },
  },
  {
    name: 'other-person-unlinked',
    what: 'another person’s card with no link at all, before the top card',
    apply(document) {
      const first = firstContentSection(document);
      const card = otherPersonCard(document, false);
      if (first !== null) first.before(card);
      else document.body?.prepend(card);
    },
  },
  {
    name: 'other-person-dialog',
    what: 'another person’s card in an open dialog at the start of the page',
    apply(document) {
      const dialog = document.createElement('div');
      dialog.setAttribute('role', 'dialog');
      dialog.setAttribute('aria-modal', 'true');
      dialog.append(otherPersonCard(document, true));
      document.body?.prepend(dialog);
    },
  },
  {
    name: 'mutual-connection',
    what: 'a mutual connection named, linked and pictured inside the top card and each result',
    apply(document, context) {
      const line = () => {
        const p = document.createElement('p');
        p.innerHTML = '<a href="https://www.linkedin.com/in/kenji-mori-2b/"><img width="16" height="16" alt="Kenji Mori" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><span>Kenji Mori</span></a> is a mutual connection';
        return p;
      };
      for (const element of nameElements(document, context).slice(0, 1)) (element.closest('section') ?? element.parentElement)?.append(line());
      for (const slug of context.people) {
        const link = [...document.querySelectorAll(`a[href*="/in/${slug}"]`)].find((candidate) => folded(candidate.textContent) !== '');
        link?.closest('p, div, span')?.parentElement?.append(line());
      }
    },
  },
  {
    name: 'people-list-in-main',
    what: 'a "People you may know" list of three people at the start of the main column',
    apply(document) {
      const block = document.createElement('div');
      block.innerHTML = [
        '<h2>People you may know</h2><ul>',
        ...['Ines Moreau', 'Tariq Aziz', 'Mei Lin'].map(
          (name, index) => `<li><a href="https://www.linkedin.com/in/suggested-${index}/"><img width="48" height="48" alt="${name}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></a><p><a href="https://www.linkedin.com/in/suggested-${index}/">${name}</a></p><p>Suggested for you</p></li>`,
        ),
        '</ul>',
      ].join('');
      const main = document.querySelector('main') ?? document.body;
      main?.prepend(block);
    },
  },
  {
    name: 'ui-in-german',
    what: 'the UI words in German',
    apply(document) {
      translate(document);
    },
  },
];

const byName = (name: string): Mutation => {
  const found = MUTATIONS.find((mutation) => mutation.name === name);
  if (found === undefined) throw new Error(`no mutation ${name}`);
  return found;
};

/** Several mutations in one, in order. */
function combined(name: string, parts: string[]): Mutation {
  const mutations = parts.map(byName);
  return {
    name,
    what: parts.join(' + '),
    ...(mutations.some((mutation) => mutation.removesHead) ? { removesHead: true as const } : {}),
    apply(document, context) {
      for (const mutation of mutations) mutation.apply(document, context);
    },
  };
}

export const COMBINED_MUTATIONS: readonly Mutation[] = [
  combined('structure', ['classes-rehashed', 'ids-dropped', 'roles-dropped', 'data-dropped', 'wrapped-2']),
  combined('moved', ['heading-out-of-link', 'headings-to-p', 'sections-reordered']),
  combined('crowded', ['other-person-sidebar', 'other-person-unlinked', 'other-person-dialog', 'mutual-connection', 'people-list-in-main', 'sections-reordered']),
  combined('headless-german', ['head-removed', 'ui-in-german', 'classes-rehashed']),
  combined('everything', [
    'classes-rehashed', 'attributes-renamed', 'roles-dropped', 'wrapped-1', 'heading-out-of-link', 'headings-to-span',
    'head-removed', 'sections-reordered', 'other-person-sidebar', 'other-person-dialog', 'mutual-connection', 'people-list-in-main', 'ui-in-german',
  ]),
];

export const ALL_MUTATIONS: readonly Mutation[] = [...MUTATIONS, ...COMBINED_MUTATIONS];
