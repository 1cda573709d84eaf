// Minimal PostgreSQL (simple query, SCRAM-SHA-256) and Redis (RESP) clients for the e2e test: a
// migration script and a function talk to the local stage's servers without any npm client.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** Reads framed messages from a socket: `next(n)` resolves with the next n bytes. */
function reader(socket) {
  let buffered = Buffer.alloc(0);
  let waiting;
  const pump = () => {
    if (waiting && buffered.length >= waiting.n) {
      const out = buffered.subarray(0, waiting.n);
      buffered = buffered.subarray(waiting.n);
      const w = waiting;
      waiting = undefined;
      w.resolve(out);
    }
  };
  socket.on('data', (b) => {
    buffered = Buffer.concat([buffered, b]);
    pump();
  });
  socket.on('error', (e) => waiting?.reject(e));
  socket.on('close', () => waiting?.reject(new Error('connection closed')));
  return {
    next: (n) => new Promise((resolve, reject) => {
      waiting = { n, resolve, reject };
      pump();
    }),
  };
}

const open = (url) => new Promise((resolve, reject) => {
  const socket = connect({ host: url.hostname, port: Number(url.port) }, () => resolve(socket));
  socket.once('error', reject);
});

/** Runs SQL statements (simple query protocol) on `postgresql://user:pw@host:port/db`; returns the rows of the last one. */
export async function pgQuery(connectionString, ...statements) {
  const url = new URL(connectionString);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const socket = await open(url);
  const r = reader(socket);
  const send = (type, body) => {
    const head = Buffer.alloc(type ? 5 : 4);
    if (type) head.write(type);
    head.writeInt32BE(body.length + 4, type ? 1 : 0);
    socket.write(Buffer.concat([head, body]));
  };
  const cstr = (s) => Buffer.from(`${s}\0`);
  const int32 = (n) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
  send('', Buffer.concat([int32(196608), cstr('user'), cstr(user), cstr('database'), cstr(url.pathname.slice(1)), Buffer.from([0])]));
  const message = async () => {
    const head = await r.next(5);
    return { type: String.fromCharCode(head[0]), body: await r.next(head.readInt32BE(1) - 4) };
  };
  const nonce = randomBytes(18).toString('base64');
  const firstBare = `n=*,r=${nonce}`;
  let serverSignature;
  let rows = [];
  let error;
  try {
    for (;;) {
      const m = await message();
      if (m.type === 'E') throw new Error(`postgres: ${m.body.toString().split('\0').filter((f) => f.startsWith('M')).map((f) => f.slice(1)).join(' ')}`);
      if (m.type === 'R') {
        const code = m.body.readInt32BE(0);
        if (code === 10) send('p', Buffer.concat([cstr('SCRAM-SHA-256'), int32(firstBare.length + 3), Buffer.from(`n,,${firstBare}`)]));
        else if (code === 11) {
          const first = m.body.subarray(4).toString();
          const f = Object.fromEntries(first.split(',').map((kv) => [kv[0], kv.slice(2)]));
          const salted = pbkdf2Sync(password, Buffer.from(f.s, 'base64'), Number(f.i), 32, 'sha256');
          const clientKey = createHmac('sha256', salted).update('Client Key').digest();
          const withoutProof = `c=biws,r=${f.r}`;
          const auth = `${firstBare},${first},${withoutProof}`;
          const signature = createHmac('sha256', createHash('sha256').update(clientKey).digest()).update(auth).digest();
          serverSignature = createHmac('sha256', createHmac('sha256', salted).update('Server Key').digest()).update(auth).digest('base64');
          const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i])).toString('base64');
          send('p', Buffer.from(`${withoutProof},p=${proof}`));
        } else if (code === 12 && m.body.subarray(4).toString() !== `v=${serverSignature}`) throw new Error('postgres: bad server signature');
        else if (code !== 0 && code !== 12) throw new Error(`postgres: unsupported authentication ${code}`);
      }
      if (m.type === 'Z') break;
    }
    for (const sql of statements) {
      send('Q', cstr(sql));
      rows = [];
      for (;;) {
        const m = await message();
        if (m.type === 'E') error = new Error(`postgres: ${m.body.toString().split('\0').filter((f) => f.startsWith('M')).map((f) => f.slice(1)).join(' ')}`);
        if (m.type === 'D') {
          const row = [];
          let at = 2;
          for (let i = 0; i < m.body.readInt16BE(0); i++) {
            const len = m.body.readInt32BE(at);
            at += 4;
            row.push(len < 0 ? null : m.body.subarray(at, at + len).toString());
            at += Math.max(len, 0);
          }
          rows.push(row);
        }
        if (m.type === 'Z') break;
      }
      if (error) throw error;
    }
    send('X', Buffer.alloc(0));
    return rows;
  } finally {
    socket.end();
  }
}

/** Sends Redis commands (RESP) to host:port, AUTH first when a password is given; returns each reply. */
export async function redisCommands(host, port, password, ...commands) {
  const socket = await open(new URL(`redis://${host}:${port}`));
  const r = reader(socket);
  const line = async () => {
    let s = '';
    while (!s.endsWith('\r\n')) s += (await r.next(1)).toString();
    return s.slice(0, -2);
  };
  const reply = async () => {
    const l = await line();
    if (l[0] === '-') throw new Error(`redis: ${l.slice(1)}`);
    if (l[0] === '$') {
      const n = Number(l.slice(1));
      if (n < 0) return null;
      const v = (await r.next(n + 2)).subarray(0, n).toString();
      return v;
    }
    return l.slice(1);
  };
  const all = password ? [['AUTH', password], ...commands] : commands;
  const out = [];
  try {
    for (const c of all) {
      socket.write(`*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
      out.push(await reply());
    }
    return password ? out.slice(1) : out;
  } finally {
    socket.end();
  }
}
