/**
 * A real DOM for unit tests, without a browser: happy-dom parses HTML as a browser would (same
 * tree, same selectors), and the scrapers only read the tree. Scripts and remote resources are
 * neither run nor fetched; the fixtures have none anyway.
 */
import { Window } from 'happy-dom';

const settings = {
  disableJavaScriptEvaluation: true,
  disableJavaScriptFileLoading: true,
  disableCSSFileLoading: true,
  disableIframePageLoading: true,
  navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
};
const window = new Window({ settings });

/** Parses a whole HTML page into a Document, as `DOMParser` does in a browser. */
export function parseHtml(html: string): Document {
  // happy-dom's Document implements the DOM that lib.dom.d.ts describes, but its own type is
  // declared separately: this is the one place the two types meet.
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

// ---- a faster style engine, for tests that read hundreds of pages ---------------------------------
//
// happy-dom computes each element's style by searching the whole document for style sheets and
// matching every rule (about a millisecond per element here, more on a loaded machine); a sensor asks
// for a few hundred elements per reading. Tests that read every fixture under every mutation
// (tests/unit/mutations.test.ts) parse with `parseHtmlWithSimpleStyles`: the same DOM, whose
// computed styles come from the page's own style sheets and inline styles by rule order (no
// specificity), with the few properties the sensors ask for. The sensors' visibility rules are
// proved against happy-dom's own engine (tests/unit/sensor-dom.test.ts) and in Chromium.

/** The properties the sensors read, with their initial values; the last three are inherited. */
const INITIAL: Readonly<Record<string, string>> = {
  display: 'inline', opacity: '1', clip: 'auto', 'clip-path': 'none', position: 'static', overflow: 'visible',
  width: 'auto', height: 'auto', visibility: 'visible', 'font-size': '16px', color: 'rgb(0, 0, 0)',
};
const INHERITED = ['visibility', 'font-size', 'color'];
const NOT_RENDERED = '[hidden], head, script, style, template, title, meta, link, dialog:not([open])';

interface Rule {
  selector: string;
  declarations: Array<[property: string, value: string, important: boolean]>;
}

function declarationsOf(style: CSSStyleDeclaration): Rule['declarations'] {
  const found: Rule['declarations'] = [];
  for (let index = 0; index < style.length; index += 1) {
    const property = style.item(index);
    if (property in INITIAL) found.push([property, style.getPropertyValue(property), style.getPropertyPriority(property) === 'important']);
  }
  return found;
}

function rulesOf(list: CSSRuleList): Rule[] {
  return [...list].flatMap((rule): Rule[] => {
    if ('cssRules' in rule && !('selectorText' in rule)) return rulesOf((rule as CSSGroupingRule).cssRules);
    if (!('selectorText' in rule)) return [];
    const styleRule = rule as CSSStyleRule;
    return [{ selector: styleRule.selectorText, declarations: declarationsOf(styleRule.style) }];
  });
}

const simpleWindow = new Window({ settings });
{
  const rulesByDocument = new WeakMap<Document, Rule[]>();
  const computed = new WeakMap<Element, Record<string, string>>();
  const declared = new WeakMap<Element, CSSStyleDeclaration>();
  const styleOf = (element: Element): Record<string, string> => {
    const cached = computed.get(element);
    if (cached !== undefined) return cached;
    const document = element.ownerDocument;
    let rules = rulesByDocument.get(document);
    if (rules === undefined) {
      rules = [...document.querySelectorAll('style')].flatMap((style) => {
        const sheet = (style as HTMLStyleElement).sheet;
        return sheet === null ? [] : rulesOf(sheet.cssRules);
      });
      rulesByDocument.set(document, rules);
    }
    const parent = element.parentElement === null ? null : styleOf(element.parentElement);
    const style: Record<string, string> = { ...INITIAL };
    for (const property of INHERITED) if (parent !== null) style[property] = parent[property] ?? INITIAL[property] ?? '';
    if (element.matches(NOT_RENDERED)) style['display'] = 'none';
    const inline = declarationsOf((element as HTMLElement).style);
    const matching = rules.filter((rule) => {
      try {
        return element.matches(rule.selector);
      } catch {
        return false;
      }
    });
    for (const important of [false, true]) {
      for (const rule of matching) for (const [property, value, flag] of rule.declarations) if (flag === important) style[property] = value;
      for (const [property, value, flag] of inline) if (flag === important) style[property] = value;
    }
    computed.set(element, style);
    return style;
  };
  const camel = (property: string) => property.replace(/-(\w)/gu, (_match, letter: string) => letter.toUpperCase());
  (simpleWindow as unknown as { getComputedStyle(element: Element): CSSStyleDeclaration }).getComputedStyle = (element) => {
    let style = declared.get(element);
    if (style === undefined) {
      style = Object.fromEntries(Object.entries(styleOf(element)).map(([property, value]) => [camel(property), value])) as unknown as CSSStyleDeclaration;
      declared.set(element, style);
    }
    return style;
  };
}

/** As `parseHtml`, with the faster style engine above. */
export function parseHtmlWithSimpleStyles(html: string): Document {
  return new simpleWindow.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}
