// A self-contained, browsable HTML page of the event catalogue (docs/events/index.html): every
// topic, every event type with a table of its `data` fields, the envelope, the key and the dead
// letters. No scripts, no network: open the file in a browser.

type Json = Record<string, unknown>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** `code` and **bold** in an escaped line. */
const inline = (t: string) =>
  esc(t)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short human description of a schema's type: `"high" | "medium"`, `string (uuid)`, `array of …`. */
export function typeLabel(s: Json): string {
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  const branches = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(branches)) return branches.map(typeLabel).join(' | ');
  const t = s.type as string | undefined;
  if (t === 'array') {
    const items = isObj(s.items) ? typeLabel(s.items) : 'any';
    const n = [
      s.minItems !== undefined ? `min ${String(s.minItems)}` : '',
      s.maxItems !== undefined ? `max ${String(s.maxItems)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `array of ${items.includes('|') ? `(${items})` : items}${n ? ` [${n}]` : ''}`;
  }
  if (t === 'string') {
    const extra = [
      s.format ? String(s.format) : '',
      s.pattern ? `pattern ${String(s.pattern)}` : '',
      s.minLength !== undefined ? `min ${String(s.minLength)}` : '',
      s.maxLength !== undefined ? `max ${String(s.maxLength)}` : '',
    ].filter(Boolean);
    return extra.length ? `string (${extra.join(', ')})` : 'string';
  }
  if (t === 'integer' || t === 'number') {
    const extra = [
      s.minimum !== undefined ? `≥ ${String(s.minimum)}` : '',
      s.maximum !== undefined ? `≤ ${String(s.maximum)}` : '',
    ].filter(Boolean);
    return extra.length ? `${t} (${extra.join(', ')})` : t;
  }
  if (t) return t;
  return 'any';
}

interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/** One row per field, nested objects flattened to `a.b` paths (objects inside unions too). */
export function fieldRows(schema: Json, prefix = ''): Row[] {
  const rows: Row[] = [];
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  for (const [name, s] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const objectBranch = [s, ...(((s.anyOf ?? s.oneOf) as Json[] | undefined) ?? [])].find((b) => isObj(b.properties));
    const arrayObject = isObj(s.items) && isObj((s.items as Json).properties) ? (s.items as Json) : undefined;
    rows.push({ path, type: typeLabel(s), required: required.has(name), description: String(s.description ?? '') });
    if (objectBranch) rows.push(...fieldRows(objectBranch, path));
    if (arrayObject) rows.push(...fieldRows(arrayObject, `${path}[]`));
  }
  return rows;
}

function table(rows: Row[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td><code>${esc(r.path)}</code></td><td>${esc(r.type)}</td><td>${r.required ? 'yes' : 'optional'}</td><td>${inline(r.description)}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>field</th><th>type</th><th>required</th><th>note</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * The little Markdown the catalogue's description uses: paragraphs, `- ` lists (with continuation lines), `code`,
 * **bold**.
 */
export function markdownLite(md: string): string {
  const blocks: string[] = [];
  let list: string[] | undefined;
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) blocks.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
    list = undefined;
  };
  for (const line of md.split('\n')) {
    if (line.startsWith('- ')) {
      flushPara();
      (list ??= []).push(line.slice(2));
    } else if (list && line.startsWith('  ') && line.trim()) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else if (!line.trim()) {
      flushPara();
      flushList();
    } else {
      flushList();
      para.push(line.trim());
    }
  }
  flushPara();
  flushList();
  return blocks.join('\n');
}

/** The catalogue page for an AsyncAPI document made by `asyncApiDocument`. */
export function asyncApiHtml(doc: Json): string {
  const info = doc.info as { title: string; version: string; description: string };
  const channels = doc.channels as Record<
    string,
    {
      address: string;
      description: string;
      messages: Record<string, { $ref: string }>;
      bindings: { kafka: { partitions: number } };
    }
  >;
  const messages = (doc.components as { messages: Record<string, Json> }).messages;
  const msgOf = (ref: string) => messages[ref.split('/').pop()!]!;

  const topics = Object.keys(channels).filter((c) => !c.endsWith('.dlq'));
  const nav = topics
    .map(
      (t) =>
        `<li><a href="#${esc(t)}">${esc(t)}</a> (${Object.keys(channels[t]!.messages).length})<ul>${Object.keys(
          channels[t]!.messages,
        )
          .map((m) => `<li><a href="#${esc(m)}">${esc(m)}</a></li>`)
          .join('')}</ul></li>`,
    )
    .join('\n');

  const sections = topics
    .map((t) => {
      const ch = channels[t]!;
      const dlq = channels[`${t}.dlq`];
      const types = Object.values(ch.messages).map((m) => {
        const msg = msgOf(m.$ref);
        const payload = msg.payload as Json;
        const data = ((payload.properties ?? {}) as Record<string, Json>).data ?? {};
        return `<section class="event" id="${esc(String(msg.name))}">
<h3>${esc(String(msg.name))}</h3>
<p>${esc(String(msg.summary ?? ''))}. Key: the case id (<code>subject</code>).</p>
<h4><code>data</code></h4>
${table(fieldRows(data))}
<details><summary>JSON Schema of the whole event (envelope + data)</summary><pre>${esc(JSON.stringify(payload, null, 2))}</pre></details>
</section>`;
      });
      return `<section class="topic" id="${esc(t)}">
<h2>${esc(t)}</h2>
<p>${esc(ch.description)} ${ch.bindings.kafka.partitions} partitions.${dlq ? ` Dead letters: <code>${esc(dlq.address)}</code>.` : ''}</p>
${types.join('\n')}
</section>`;
    })
    .join('\n');

  const anyEvent = Object.values(messages).find((m) => m.name !== 'deadLetter');
  const envelope = anyEvent
    ? {
        ...(anyEvent.payload as Json),
        properties: {
          ...((anyEvent.payload as Json).properties as Json),
          type: {
            type: 'string',
            description: 'the event type, `<context>.<entity>.<verb>.v<N>` (one section below each)',
          },
          data: { type: 'object', description: "the type's data (each section below)" },
        },
      }
    : {};
  const dead = messages.deadLetter;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex}
nav{width:22rem;flex:none;height:100vh;overflow:auto;position:sticky;top:0;background:#f6f7f9;padding:1rem;box-sizing:border-box;font-size:13px}
nav ul{padding-left:1rem;margin:.2rem 0}
main{padding:1rem 2rem;max-width:70rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
pre{background:#f6f7f9;padding:.5rem;overflow:auto;font-size:12px}
section.event{border-top:1px solid #eee;margin-top:1rem}
code{font-size:90%}
</style></head>
<body>
<nav><strong>${esc(info.title)}</strong> · AsyncAPI ${esc(String(doc.asyncapi))} · v${esc(info.version)}
<p><a href="asyncapi.json">asyncapi.json</a></p>
<ul><li><a href="#envelope">Envelope</a></li><li><a href="#dead-letters">Dead letters</a></li>
${nav}</ul></nav>
<main>
<h1>${esc(info.title)}</h1>
${markdownLite(info.description)}
<section id="envelope"><h2>Envelope (CloudEvents 1.0)</h2>
${table(fieldRows(envelope as Json))}
</section>
<section id="dead-letters"><h2>Dead letters (<code>&lt;topic&gt;.dlq</code>)</h2>
<p>${esc(String(dead?.summary ?? ''))}</p>
<h4>headers</h4>
${dead ? table(fieldRows(dead.headers as Json)) : ''}
</section>
${sections}
</main></body></html>
`;
}
