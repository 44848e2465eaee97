/**
 * A large LinkedIn profile page for the benchmarks: the artdeco layout of
 * tests/fixtures/linkedin/grouped-roles.html, grown to the size of a real signed-in profile
 * (1.2–1.4 MB of HTML, about 20,000 elements): the global nav, the top card, About, Activity, a long
 * Experience card, Education, Skills, Recommendations, Interests, a "People also viewed" rail, a large
 * inline stylesheet and the hidden JSON data islands (`<code>`) LinkedIn ships with every page.
 *
 * Deterministic (a seeded generator), no external resources, no page script: what the benchmarks
 * measure on it is the extension, not the page. The person is parameterised so that 50 captures
 * can each be a different profile whose page is current (its own links name its own slug).
 *
 * Run by node: no TS-only syntax.
 */

export interface LargeProfile {
  /** The vanity slug: the page is served at https://www.linkedin.com/in/<slug>/. */
  slug: string;
  name: string;
  headline: string;
  /** Title of the latest position (the first Experience entry). */
  jobTitle: string;
}

export const DEFAULT_LARGE_PROFILE: LargeProfile = {
  slug: 'bench-large-profile',
  name: 'Margaux Lefèvre-Whitaker',
  headline: 'VP Revenue Operations | SaaS go-to-market | Forecasting, pipeline hygiene and sales enablement',
  jobTitle: 'Vice President, Revenue Operations',
};

export function largeProfileUrl(profile: LargeProfile = DEFAULT_LARGE_PROFILE): string {
  return `https://www.linkedin.com/in/${profile.slug}/`;
}

/** Mulberry32: a small seeded generator, so every run serves the same bytes. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'pipeline revenue forecast enablement quota territory account enterprise growth platform customer ' +
  'success onboarding renewal expansion churn analytics dashboard playbook cadence outbound inbound ' +
  'partner channel alliance strategy operations planning hiring coaching leadership team global region ' +
  'market segment vertical product launch pricing packaging negotiation procurement security compliance ' +
  'integration workflow automation data quality hygiene reporting insight signal intent campaign event'
).split(' ');
const FIRST = 'Alex Camille Dominique Jordan Morgan Sasha Robin Charlie Noa Élise Mateo Yuki Priya Omar Ingrid Tomás'.split(' ');
const LAST = 'Martin Bernard Dubois Okafor Nakamura Schmidt Rossi García Kowalski Andersen Haddad Novak Silva Murphy'.split(' ');
const COMPANIES = 'Salesforce Oracle HubSpot Datadog Snowflake Atlassian Stripe Adyen Doctolib Qonto Alan Mirakl Contentsquare'.split(' ');
const SCHOOLS = ['HEC Paris', 'ESSEC Business School', 'INSEAD', 'London Business School', 'Université Paris-Dauphine'];

/** Class names as LinkedIn's build hashes them: long, mixed-case, meaningless. */
function hashClass(random: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  for (let i = 0; i < 34; i += 1) out += letters[Math.floor(random() * letters.length)];
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The page for `profile`. With the default profile it is the page the page-cost and scrape
 * benchmarks use; other profiles differ only in name, slug, headline and title.
 */
export function largeLinkedInProfileHtml(profile: LargeProfile = DEFAULT_LARGE_PROFILE): string {
  const random = seeded(20261123);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sentence = (words: number): string => {
    const out: string[] = [];
    for (let i = 0; i < words; i += 1) out.push(pick(WORDS));
    const text = out.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1) + '.';
  };
  const person = (): string => `${pick(FIRST)} ${pick(LAST)}`;
  const classes = Array.from({ length: 60 }, () => hashClass(random));
  const cls = (): string => pick(classes);
  const name = escapeHtml(profile.name);
  const slug = encodeURIComponent(profile.slug);
  const pixel = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

  /** One line as LinkedIn renders it: a visible copy for sighted users, a hidden one for readers. */
  const line = (text: string, extra = 't-14 t-normal'): string =>
    `<span class="${extra}"><span aria-hidden="true"><!---->${escapeHtml(text)}<!----></span>` +
    `<span class="visually-hidden"><!---->${escapeHtml(text)}<!----></span></span>`;

  const parts: string[] = [];
  const push = (html: string): void => {
    parts.push(html);
  };

  // ---- head: a large stylesheet, as the real page inlines its critical CSS ----
  const rules: string[] = [];
  for (let i = 0; i < 1400; i += 1) {
    rules.push(
      `.${classes[i % classes.length]}-${i} > .${cls()} { margin: ${i % 7}px ${i % 5}px; padding: ${i % 3}px; ` +
        `color: #${(0x111111 + i * 9973).toString(16).slice(-6)}; display: ${i % 4 === 0 ? 'flex' : 'block'}; }`,
    );
  }
  push(`<!DOCTYPE html>
<!-- Generated by tests/bench/large-page.ts: a large artdeco-layout LinkedIn profile for the benchmarks. -->
<html lang="en" class="theme theme--mercado artdeco windows">
<head>
  <meta charset="utf-8">
  <title>(7) ${name} | LinkedIn</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="canonical" href="https://www.linkedin.com/in/${slug}/">
  <meta property="og:url" content="https://www.linkedin.com/in/${slug}/">
  <style>.visually-hidden{position:absolute!important;clip:rect(1px,1px,1px,1px);width:1px;height:1px;overflow:hidden}
${rules.join('\n')}</style>
</head>
<body class="render-mode-BIGPIPE nav-v2 ember-application boot-complete" dir="ltr">
`);

  // ---- hidden data islands: LinkedIn embeds its API responses as JSON in <code> elements ----
  for (let island = 0; island < 6; island += 1) {
    const included: unknown[] = [];
    for (let i = 0; i < 40; i += 1) {
      included.push({
        $type: 'com.linkedin.voyager.dash.identity.profile.Profile',
        entityUrn: `urn:li:fsd_profile:ACoAA${hashClass(random).slice(0, 20)}`,
        firstName: pick(FIRST),
        lastName: pick(LAST),
        headline: sentence(10),
        publicIdentifier: `${pick(FIRST).toLowerCase()}-${Math.floor(random() * 1e6)}`,
        trackingId: hashClass(random),
      });
    }
    push(`<code style="display: none" id="bpr-guid-${island}">${escapeHtml(JSON.stringify({ data: { paging: { count: 40 } }, included }))}</code>\n`);
  }

  // ---- global nav ----
  push(`<div class="application-outlet">
  <header id="global-nav" class="global-nav" role="banner"><div class="global-nav__content">
    <a href="https://www.linkedin.com/feed/" class="global-nav__logo"><span class="visually-hidden">LinkedIn</span></a>
    <nav aria-label="Primary Navigation"><ul class="global-nav__primary-items">
`);
  for (const label of ['Home', 'My Network', 'Jobs', 'Messaging', 'Notifications', 'Me', 'For Business']) {
    push(`<li class="global-nav__primary-item"><a class="global-nav__primary-link ${cls()}" href="https://www.linkedin.com/${label.toLowerCase().replace(/ /g, '-')}/"><span class="t-12 global-nav__primary-link-text">${label}</span></a></li>\n`);
  }
  push(`</ul></nav></div></header>
  <div class="authentication-outlet"><div class="scaffold-layout scaffold-layout--main-aside">
  <div class="scaffold-layout__inner scaffold-layout-container"><div class="scaffold-layout__row scaffold-layout__content">
  <main id="main" class="scaffold-layout__main" aria-label="Main Feed">
`);

  // ---- the top card ----
  push(`<section data-member-id="412987345" class="artdeco-card ${cls()}">
  <div class="pv-top-card__non-self-photo-wrapper ml0"><img width="200" height="200" alt="${name}" src="${pixel}" class="pv-top-card-profile-picture__image--show"></div>
  <div class="ph5 pb5"><div class="mt2 relative"><div>
    <div class="${cls()}">
      <span class="artdeco-hoverable-trigger artdeco-hoverable-trigger--content-placed-bottom">
        <a aria-label="${name}" href="/in/${slug}/overlay/about-this-profile/" class="ember-view ${cls()}">
          <h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">${name}</h1>
        </a>
      </span>
      <span class="text-body-small v-align-middle break-words t-black--light">She/Her</span>
      <span class="dist-value">· 2nd</span>
    </div>
    <div class="text-body-medium break-words">${escapeHtml(profile.headline)}</div>
  </div>
  <div class="mt2"><span class="text-body-small inline t-black--light break-words">Paris, Île-de-France, France</span>
    <span class="pv-text-details__separator t-black--light"><a href="/in/${slug}/overlay/contact-info/" id="top-card-text-details-contact-info">Contact info</a></span></div>
  <ul class="pv-top-card--list"><li class="text-body-small"><span class="t-bold">500+</span> connections</li></ul>
  </div></div>
</section>
`);

  const card = (anchor: string, title: string, body: string): void => {
    push(`<section class="artdeco-card pv-profile-card break-words mt2" data-view-name="profile-card" tabindex="-1">
  <div id="${anchor}" class="pv-profile-card__anchor"></div>
  <div class="pvs-header__container"><h2 class="pvs-header__title"><span aria-hidden="true">${title}</span><span class="visually-hidden">${title}</span></h2></div>
  <div>${body}</div>
</section>
`);
  };

  const entity = (lines: string[], nested = ''): string =>
    `<div class="${cls()}" data-view-name="profile-component-entity">` +
    `<div><a data-field="experience_company_logo" class="optional-action-target-wrapper display-flex" href="https://www.linkedin.com/company/${Math.floor(random() * 1e5)}/"><img width="48" height="48" alt="" src="${pixel}"></a></div>` +
    `<div class="${cls()}"><div class="display-flex flex-row justify-space-between"><div class="display-flex flex-column full-width">` +
    lines.map((text, index) => (index === 0 ? `<div class="display-flex align-items-center mr1 t-bold">${line(text, 'hoverable-link-text')}</div>` : line(text))).join('') +
    `</div></div>${nested}</div></div>`;

  const paragraph = (sentences: number): string => {
    const out: string[] = [];
    for (let i = 0; i < sentences; i += 1) out.push(sentence(8 + Math.floor(random() * 14)));
    return out.join(' ');
  };

  card('about', 'About', `<div class="display-flex ph5 pv3"><div class="inline-show-more-text">${line(paragraph(14))}</div></div>`);

  // Activity: posts with reactions and comment previews (the bulk of a real page's nodes).
  const posts: string[] = [];
  for (let i = 0; i < 64; i += 1) {
    const comments: string[] = [];
    for (let c = 0; c < 7; c += 1) {
      comments.push(`<article class="comments-comment-item ${cls()}"><div class="${cls()}"><a href="https://www.linkedin.com/in/c-${i}-${c}/"><img width="32" height="32" alt="" src="${pixel}"></a>` +
        `<span class="comments-post-meta__name-text">${line(person())}</span><div class="${cls()}"><span dir="ltr">${escapeHtml(sentence(16))}</span></div>` +
        `<div class="comments-comment-social-bar"><button class="${cls()}" type="button"><span>Like</span></button><button class="${cls()}" type="button"><span>Reply</span></button></div></div></article>`);
    }
    posts.push(`<li class="profile-creator-shared-feed-update__container ${cls()}"><div class="feed-shared-update-v2 ${cls()}">` +
      `<div class="update-components-actor">${line(profile.name)}${line(`${Math.floor(random() * 11) + 1}mo • Edited`)}</div>` +
      `<div class="feed-shared-inline-show-more-text"><span class="break-words"><span dir="ltr">${escapeHtml(paragraph(5))}</span></span></div>` +
      `<ul class="social-details-social-counts"><li><span>${Math.floor(random() * 900)}</span></li><li><button type="button">${Math.floor(random() * 80)} comments</button></li></ul>` +
      `<div class="comments-comments-list">${comments.join('')}</div></div></li>`);
  }
  card('content_collections', 'Activity', `<ul class="${cls()}">${posts.join('')}</ul>`);

  // Experience: the first entry is the current position (the scraper's job title).
  const positions: string[] = [];
  positions.push(`<li class="artdeco-list__item ${cls()}">${entity([profile.jobTitle, 'Qonto · Full-time', 'Jan 2023 - Present · 2 yrs 11 mos', 'Paris, Île-de-France, France'],
    `<div class="pvs-entity__sub-components"><ul><li><div class="inline-show-more-text">${line(paragraph(4))}</div></li></ul></div>`)}</li>`);
  for (let i = 0; i < 40; i += 1) {
    positions.push(`<li class="artdeco-list__item ${cls()}">${entity([sentence(3).replace('.', ''), `${pick(COMPANIES)} · Full-time`, `${2000 + (i % 20)} - ${2001 + (i % 20)} · 1 yr`],
      `<div class="pvs-entity__sub-components"><ul><li><div class="inline-show-more-text">${line(paragraph(3))}</div></li><li>${line('Skills: ' + sentence(6))}</li></ul></div>`)}</li>`);
  }
  card('experience', 'Experience', `<ul class="${cls()}">${positions.join('')}</ul>`);

  const schools: string[] = [];
  for (let i = 0; i < 8; i += 1) schools.push(`<li class="artdeco-list__item">${entity([pick(SCHOOLS), 'Master of Science - MS, Management', `${2004 + i} - ${2006 + i}`])}</li>`);
  card('education', 'Education', `<ul class="${cls()}">${schools.join('')}</ul>`);

  const skills: string[] = [];
  for (let i = 0; i < 150; i += 1) skills.push(`<li class="artdeco-list__item">${entity([sentence(2).replace('.', ''), `${Math.floor(random() * 99)} endorsements`])}</li>`);
  card('skills', 'Skills', `<ul class="${cls()}">${skills.join('')}</ul>`);

  const recommendations: string[] = [];
  for (let i = 0; i < 25; i += 1) recommendations.push(`<li class="artdeco-list__item">${entity([person(), sentence(6), paragraph(6)])}</li>`);
  card('recommendations', 'Recommendations', `<ul class="${cls()}">${recommendations.join('')}</ul>`);

  const interests: string[] = [];
  for (let i = 0; i < 60; i += 1) interests.push(`<li class="artdeco-list__item">${entity([pick(COMPANIES), `${Math.floor(random() * 9e5)} followers`])}</li>`);
  card('interests', 'Interests', `<ul class="${cls()}">${interests.join('')}</ul>`);

  push(`</main>
  <aside class="scaffold-layout__aside" aria-label="Advertisement and more profiles">
  <section class="artdeco-card pv-profile-card"><h2 class="pvs-header__title"><span aria-hidden="true">People also viewed</span></h2><ul>
`);
  for (let i = 0; i < 200; i += 1) {
    const other = person();
    push(`<li class="artdeco-list__item ${cls()}"><a href="https://www.linkedin.com/in/pav-${i}/"><img width="56" height="56" alt="${other}" src="${pixel}"></a>` +
      `<div class="${cls()}">${line(other, 'hoverable-link-text t-bold')}${line(sentence(9))}<button class="artdeco-button artdeco-button--secondary" type="button"><span class="artdeco-button__text">Connect</span></button></div></li>\n`);
  }
  push(`</ul></section></aside>
  </div></div></div></div>
  <footer class="global-footer"><ul>`);
  for (let i = 0; i < 40; i += 1) push(`<li><a href="https://www.linkedin.com/legal/${i}/">${escapeHtml(sentence(2))}</a></li>`);
  push(`</ul></footer>
</div>
</body>
</html>
`);
  return parts.join('');
}
