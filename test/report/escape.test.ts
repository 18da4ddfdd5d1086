// The escaping module, context by context: what each function leaves as it reads and what it
// takes away from a hostile value.
import { describe, expect, it } from 'vitest';
import {
  codeSpan,
  fencedBlock,
  htmlText,
  isDnsLabel,
  isDnsSubdomain,
  linkDestination,
  linkPath,
  logLine,
  markdownLink,
  markdownMessage,
  markdownText,
  mermaidText,
  sarifText,
  shellQuote,
  shellWord,
  showControls,
  terminalText,
} from '../../src/report/escape.js';

const zwsp = '\u200B';

describe('markdownText', () => {
  it('leaves ordinary names, paths and prose as they are', () => {
    for (const text of ['shop/checkout-api', 'examples/checkout-api/deployment.yaml:6', 'grace period 40 s', 'EXIT_ON_ZERO_ACTIVE_CONNECTIONS', '10.0 s', 'sidecar.istio.io/inject: "true"']) {
      expect(markdownText(text)).toBe(text);
    }
  });

  it('collapses line breaks (\\n, \\r\\n and a lone \\r) so no block can start', () => {
    expect(markdownText('web\n# heading\r- item\r\n> quote')).toBe('web # heading - item &gt; quote');
  });

  it('escapes a block marker at the start, where renderers put values', () => {
    expect(markdownText('# heading')).toBe('\\# heading');
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('+ item')).toBe('\\+ item');
    expect(markdownText('1. item')).toBe('1\\. item');
    expect(markdownText('2) item')).toBe('2\\) item');
    expect(markdownText('===')).toBe('\\===');
    expect(markdownText('     indented code')).toBe('indented code');
  });

  it('turns HTML and entities into text', () => {
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownText('&lt;b&gt; &#64;')).toBe(`&amp;lt;b&amp;gt; &amp;#${zwsp}64;`);
    expect(markdownText('<https://evil.example>')).not.toMatch(/<https?:/);
  });

  it('escapes emphasis, code, strikethrough, math, links, images and pipes', () => {
    expect(markdownText('**Approved**')).toBe('\\*\\*Approved\\*\\*');
    expect(markdownText('_a_ ~~b~~ $x$')).toBe('\\_a\\_ \\~\\~b\\~\\~ \\$x\\$');
    expect(markdownText('`x`](http://e) ![i](y) [^1]')).toBe('\\`x\\`\\](http:' + zwsp + '//e) !\\[i\\](y) \\[^1\\]');
    expect(markdownText('a | b')).toBe('a \\| b');
    expect(markdownText('back\\slash')).toBe('back\\\\slash');
  });

  it('defuses mentions, issue references and autolinks with a zero-width space', () => {
    expect(markdownText('@team @org/team')).toBe(`@${zwsp}team @${zwsp}org/team`);
    expect(markdownText('closes #123, GH-7, o/r#9')).toBe(`closes #${zwsp}123, GH-${zwsp}7, o/r#${zwsp}9`);
    expect(markdownText('https://evil.example www.evil.example a@b.example')).toBe(`https:${zwsp}//evil.example www${zwsp}.evil.example a@${zwsp}b.example`);
    expect(markdownText('# not a reference')).toBe('\\# not a reference');
  });

  it('shows control and bidi characters instead of sending them', () => {
    expect(markdownText('a\u001b[31mb')).toBe('a\\\\x1B\\[31mb');
    expect(markdownText('evil\u202Elmay.yaml')).toBe('evil\\\\u202Elmay.yaml');
    expect(markdownText('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
  });
});

describe('codeSpan', () => {
  it('keeps <app> and entities literal: nothing in a code span is decoded', () => {
    expect(codeSpan('exec <app>')).toBe('`exec <app>`');
    expect(codeSpan('&lt;')).toBe('`&lt;`');
    expect(codeSpan('@team #123')).toBe('`@team #123`');
  });

  it('uses a fence longer than any backtick run, padded when the value touches it', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('a``b`')).toBe('``` a``b` ```');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan(' x ')).toBe('`  x  `');
    expect(codeSpan('')).toBe('` `');
  });

  it('replaces line breaks and escapes pipes only in a table', () => {
    expect(codeSpan('a\n# b\r\nc')).toBe('`a # b c`');
    expect(codeSpan('a | b')).toBe('`a | b`');
    expect(codeSpan('a | b', { table: true })).toBe('`a \\| b`');
  });
});

describe('markdownMessage', () => {
  it('renders backtick runs as code and the prose around them as text', () => {
    expect(markdownMessage('End the script with `exec <app>` so the app becomes PID 1')).toBe('End the script with `exec <app>` so the app becomes PID 1');
    expect(markdownMessage('container "a*b": runs `x|y`', { table: true })).toBe('container "a\\*b": runs `x\\|y`');
  });

  it('keeps an unpaired backtick literal and escapes a value that splits a run', () => {
    expect(markdownMessage('runs `a` and `b')).toBe('runs `a` and \\`b');
    // The value's own backticks pair up with the message's: odd pieces, each still escaped.
    expect(markdownMessage('`sh -c "echo `date`"`')).toBe('` sh -c "echo  `date`"`');
  });
});

describe('fencedBlock', () => {
  it('uses a backtick fence no content line can close', () => {
    expect(fencedBlock('a: 1', 'yaml')).toEqual(['```yaml', 'a: 1', '```']);
    expect(fencedBlock('x\n```\n# heading\n~~~', 'sh')).toEqual(['````sh', 'x', '```', '# heading', '~~~', '````']);
    expect(fencedBlock('a\r\nb\rc\u001b[2J')).toEqual(['```', 'a', 'b', 'c\\x1B[2J', '```']);
  });
});

describe('links', () => {
  it('percent-encodes path segments so a file name stays one path', () => {
    expect(linkPath('examples/checkout-api/deployment.yaml')).toBe('examples/checkout-api/deployment.yaml');
    expect(linkPath('deploy/z`](http://evil) #1?.yaml')).toBe('deploy/z%60%5D%28http%3A/%2Fevil%29%20%231%3F.yaml'.replace('/%2F', '//'));
    expect(linkPath('a b/ü.yaml')).toBe('a%20b/%C3%BC.yaml');
  });

  it('keeps a URL as it is but for what would end or confuse a destination', () => {
    expect(linkDestination('https://github.com/o/r/blob/abc/a.yaml#L3')).toBe('https://github.com/o/r/blob/abc/a.yaml#L3');
    expect(linkDestination('https://x/a b(c)<d>"e"`f&g')).toBe('https://x/a%20b%28c%29%3Cd%3E%22e%22%60f%26g');
  });

  it('escapes the text of a link', () => {
    expect(markdownLink('a](http://evil)', 'https://x/y')).toBe('[a\\](http:' + zwsp + '//evil)](https://x/y)');
  });
});

describe('htmlText', () => {
  it('encodes what HTML reads and defuses mentions', () => {
    expect(htmlText('<img src=x> "a" & \'b\' @team\n\n# x')).toBe(`&lt;img src=x&gt; &quot;a&quot; &amp; &#39;b&#39; @${zwsp}team # x`);
  });
});

describe('mermaidText', () => {
  it('leaves names as they are and entity-encodes Mermaid syntax', () => {
    expect(mermaidText('web-1/app')).toBe('web-1/app');
    expect(mermaidText('…aaaaa')).toBe('…aaaaa');
    expect(mermaidText('a:b#c;d')).toBe('a#58;b#35;c#59;d');
    expect(mermaidText('%%{init: {"theme":"dark"}}%%')).not.toMatch(/[%{}":]/);
    expect(mermaidText('x\nsection evil\ny')).toBe('x section evil y');
    expect(mermaidText('a<b>`c`')).toBe('a#60;b#62;#96;c#96;');
  });

  it('encodes the first character of a label that starts like a gantt keyword', () => {
    expect(mermaidText('click task1 href "https://evil.example"')).toBe('#99;lick task1 href #34;https#58;//evil.example#34;');
    expect(mermaidText('  Section x')).toBe('#83;ection x');
    expect(mermaidText('2026-01-01 x')).toBe('#50;026-01-01 x');
    expect(mermaidText('SIGTERM')).toBe('SIGTERM');
  });
});

describe('shell', () => {
  it('prints valid Kubernetes names bare and quotes anything else POSIX-style', () => {
    expect(shellWord('shop')).toBe('shop');
    expect(shellWord('app=web,tier=front')).toBe('app=web,tier=front');
    expect(shellWord('shop;curl${IFS}evil|sh')).toBe("'shop;curl${IFS}evil|sh'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('-n')).toBe("'-n'");
    expect(shellWord('~root')).toBe("'~root'");
    expect(shellWord('')).toBe("''");
    expect(shellQuote("a'b")).toBe("'a'\\''b'");
  });

  it('knows DNS-1123 labels and subdomains', () => {
    expect(isDnsLabel('checkout-api')).toBe(true);
    expect(isDnsLabel('Checkout')).toBe(false);
    expect(isDnsLabel('a'.repeat(64))).toBe(false);
    expect(isDnsLabel('shop;curl')).toBe(false);
    expect(isDnsSubdomain('web.v2')).toBe(true);
    expect(isDnsSubdomain('web..v2')).toBe(false);
    expect(isDnsSubdomain('-web')).toBe(false);
  });
});

describe('logLine', () => {
  it('keeps a line one line and no workflow command', () => {
    expect(logLine('deploy/z\n::error file=x::pwned')).toBe('deploy/z\\n::error file=x::pwned');
    expect(logLine('a\rb\r\nc')).toBe('a\\rb\\r\\nc');
    expect(logLine('::error::pwned')).toBe('%3A:error::pwned');
    expect(logLine('  ::warning::pwned')).toBe('  %3A:warning::pwned');
    expect(logLine('file ##[error]pwned')).toBe('file ##%5Berror]pwned');
    expect(logLine('plain: a::b')).toBe('plain: a::b');
    expect(logLine('\u001b[31mred')).toBe('\\x1B[31mred');
  });
});

describe('terminalText', () => {
  it('shows escape sequences, line breaks and bidi overrides', () => {
    expect(terminalText('web\u001b]0;title\u0007\n\u202Ex')).toBe('web\\x1B]0;title\\x07\\n\\u202Ex');
    expect(terminalText('grace 30 s · ✓ 应用-🚀')).toBe('grace 30 s · ✓ 应用-🚀');
  });
});

describe('sarifText', () => {
  it('escapes brackets when the text could hold an embedded link', () => {
    expect(sarifText('CMD ["app", "arg"]')).toBe('CMD ["app", "arg"]');
    expect(sarifText('file a](https://evil) \\[x]')).toBe('file a\\](https://evil) \\\\\\[x\\]');
  });
});

describe('showControls', () => {
  it('keeps tabs and line breaks only when asked', () => {
    expect(showControls('a\tb\nc\u0085')).toBe('a\\tb\\nc\\x85');
    expect(showControls('a\tb\nc\u0085', { keepLineBreaks: true })).toBe('a\tb\nc\\x85');
  });
});
