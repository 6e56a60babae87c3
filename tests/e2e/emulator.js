#!/usr/bin/env node
'use strict';

/*
 * Telegram Bot API emulator for the end-to-end tests.
 *
 *   node emulator.js [PORT]        (or PORT=... node emulator.js; 0 or nothing = any free port)
 *
 * Runs `TelegramServer` from the npm package telegram-test-api 4.2.1 (unmaintained) on
 * 127.0.0.1 and prints exactly one line "READY <port>" on stdout once it listens.
 * python-telegram-bot 22 talks to it with base_url "http://127.0.0.1:<port>/bot" (it appends
 * the token: /bot<TOKEN>/getMe, which matches the emulator's own "/bot:token/<method>" routes).
 *
 * The package is wrapped, not forked: a small express app sits in front of the emulator's own
 * express app and patches it at the HTTP layer. Each patch below says which gap it closes.
 * The emulator's client API (POST /sendMessage, /sendCommand, /sendCallback, /getUpdates,
 * /getUpdatesHistory), which the tests use to play the user, passes through untouched.
 *
 * Added for the tests (new paths, nothing existing changed):
 *   POST /e2e/status {token}           -> how often the bot polled, pending updates
 *   POST /e2e/callbackAnswers {token}  -> every answerCallbackQuery the bot made
 *   POST /e2e/relay/<token>            -> forwards an update to the bot's webhook (see setWebhook)
 *
 * The bot's identity (getMe): id = the digits before ":" in the token (666 if there are none),
 * first_name "Test First name", username "TestNameBot" (the same for every token), is_bot true.
 *
 * Env: EMULATOR_LOG=1 logs every Bot API call on stderr; EMULATOR_EXIT_ON_STDIN_EOF=1 makes the
 * process exit when its stdin closes (the Python harness sets it so no emulator outlives it).
 */

const crypto = require('crypto');
const http = require('http');
const express = require('express');
const multer = require('multer');
const TelegramServer = require('telegram-test-api'); // the package exports the class itself

const HOST = '127.0.0.1';
const BOT_FIRST_NAME = 'Test First name';
const BOT_USERNAME = 'TestNameBot';
const LOG = Boolean(process.env.EMULATOR_LOG);

// Bot API methods the emulator itself implements; everything else gets `ok: true` below.
const EMULATOR_METHODS = new Set([
  'getMe', 'getUpdates', 'sendMessage', 'editMessageText', 'editMessageReplyMarkup',
  'answerCallbackQuery', 'deleteMessage', 'setWebhook', 'deleteWebhook',
]);

// storeTimeout only matters for the emulator's clean-up timer, which runs only after
// tg.start(); we never call it (we listen ourselves), so histories are kept for the whole run.
const tg = new TelegramServer({ host: HOST, storeTimeout: 24 * 3600 });

const pendingUpdates = new Map(); // token -> updates handed out but not yet confirmed by offset
const pollStats = new Map(); // token -> { getUpdates, getMe }
const callbackAnswers = []; // { token, callback_query_id, text, show_alert, url, at }
const knownFiles = new Map(); // file_id -> metadata, so a file_id can be sent again
const myCommands = new Map(); // token -> commands from setMyCommands
let fileCounter = 0;

// ---------------------------------------------------------------------------------------------
// Helpers

/** The bot's own User object; derived from the token so it is stable for a token. */
function botUser(token) {
  const head = String(token).split(':')[0];
  const id = /^\d{1,15}$/.test(head) ? Number(head) : 666;
  return { id, is_bot: true, first_name: BOT_FIRST_NAME, username: BOT_USERNAME };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The emulator stamps bot messages with Date.getTime() (ms); the Bot API uses Unix seconds. */
function toSeconds(value) {
  return typeof value === 'number' && value > 1e11 ? Math.floor(value / 1000) : value;
}

/** Deep-fixes every date-like field of a Bot API result (1e11 s is the year 5138, so safe). */
function fixDates(value) {
  if (Array.isArray(value)) return value.map(fixDates);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = ['date', 'edit_date', 'forward_date'].includes(key) ? toSeconds(inner) : fixDates(inner);
  }
  return out;
}

/** PTB sends form fields, JSON-encoding non-strings ("true", "{...}"); accept both forms. */
function parseJson(value) {
  if (typeof value !== 'string') return value;
  try { return JSON.parse(value); } catch (_err) { return value; }
}

const truthy = (value) => value === true || value === 'true' || value === '1' || value === 1;

function chatOf(chatId) {
  const id = Number(chatId);
  if (id > 0) return { id, type: 'private', first_name: 'User' };
  return { id, type: id <= -1e12 ? 'supergroup' : 'group', title: 'Group' };
}

/**
 * A Message in the Bot API shape. The emulator returns its stored raw request body (chat_id,
 * JSON strings such as link_preview_options, ...), which PTB cannot always parse, so results are
 * rebuilt from a whitelist of fields instead.
 */
function shapeMessage(token, messageId, fields, time) {
  const msg = {
    message_id: Number(messageId),
    from: botUser(token),
    chat: chatOf(fields.chat_id !== undefined ? fields.chat_id : fields.chat && fields.chat.id),
    date: toSeconds(time) || nowSeconds(),
  };
  for (const key of ['text', 'caption', 'photo', 'document', 'edit_date']) {
    if (fields[key] !== undefined && fields[key] !== null) msg[key] = fields[key];
  }
  for (const key of ['entities', 'caption_entities', 'link_preview_options']) {
    if (fields[key] !== undefined) msg[key] = parseJson(fields[key]);
  }
  const markup = parseJson(fields.reply_markup);
  if (markup && typeof markup === 'object' && 'inline_keyboard' in markup) msg.reply_markup = markup;
  return msg;
}

/** The stored history entry of a message the bot sent (entries are live: edits mutate them). */
function findBotMessage(token, chatId, messageId) {
  return tg.getUpdatesHistory(token).find((entry) => entry.message
    && 'chat_id' in entry.message
    && String(entry.message.chat_id) === String(chatId)
    && String(entry.messageId) === String(messageId));
}

/** Bot API error reply: PTB reads the HTTP status (400 -> BadRequest) and `description`. */
function apiError(res, code, description) {
  res.status(code).json({ ok: false, error_code: code, description });
}

/**
 * Makes an update, as the emulator formats it from what the client posted, valid for PTB:
 * the client body's own `botToken` is dropped, a missing or ms `date` becomes seconds, and a
 * callback_query gets the required `chat_instance`, which the emulator never sets.
 */
function fixUpdate(update) {
  const fixMessage = (message) => {
    if (!message || typeof message !== 'object') return message;
    const { botToken: _ignored, ...rest } = message;
    rest.date = toSeconds(rest.date) || nowSeconds();
    return rest;
  };
  if (update.message) update.message = fixMessage(update.message);
  if (update.callback_query) {
    const query = update.callback_query;
    query.message = fixMessage(query.message);
    if (!query.message) delete query.message;
    if (!query.chat_instance) {
      const chatId = query.message && query.message.chat ? query.message.chat.id : (query.from || {}).id;
      query.chat_instance = `e2e-${chatId}`;
    }
  }
  return update;
}

/** Pixel size of PNG, GIF and JPEG uploads (PhotoSize needs width and height). */
function imageSize(buffer) {
  if (buffer.length >= 24 && buffer.readUInt32BE(0) === 0x89504e47) {
    return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  }
  if (buffer.length >= 10 && buffer.toString('ascii', 0, 3) === 'GIF') {
    return { width: buffer.readUInt16LE(6), height: buffer.readUInt16LE(8) };
  }
  if (buffer.length >= 4 && buffer[0] === 0xff && buffer[1] === 0xd8) {
    let pos = 2;
    while (pos + 9 < buffer.length && buffer[pos] === 0xff) {
      const marker = buffer[pos + 1];
      const length = buffer.readUInt16BE(pos + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: buffer.readUInt16BE(pos + 7), height: buffer.readUInt16BE(pos + 5) };
      }
      pos += 2 + length;
    }
  }
  return { width: 1, height: 1 };
}

/**
 * Metadata of the file a send* call refers to: an uploaded part (field named like the parameter,
 * or "attach://<name>"), or a string (a file_id sent before, another file_id, or a URL).
 */
function fileFromRequest(req, field, kind) {
  const value = req.body[field];
  const files = req.files || [];
  const attachName = typeof value === 'string' && value.startsWith('attach://') ? value.slice(9) : null;
  const upload = files.find((file) => file.fieldname === (attachName || field));
  if (!upload) {
    if (typeof value !== 'string' || value === '') return null;
    if (knownFiles.has(value)) return knownFiles.get(value);
    const uniqueId = crypto.createHash('sha256').update(value).digest('hex').slice(0, 16);
    const name = value.split('/').pop().split('?')[0] || 'file';
    return { file_id: value, file_unique_id: uniqueId, file_name: name, mime_type: 'application/octet-stream', file_size: 0, width: 1, height: 1 };
  }
  const uniqueId = crypto.createHash('sha256').update(upload.buffer).digest('hex').slice(0, 16);
  fileCounter += 1;
  const meta = {
    file_id: `e2e_${kind}_${fileCounter}_${uniqueId}`,
    file_unique_id: uniqueId,
    file_name: upload.originalname,
    mime_type: upload.mimetype,
    file_size: upload.size,
    ...(kind === 'photo' ? imageSize(upload.buffer) : {}),
  };
  knownFiles.set(meta.file_id, meta);
  return meta;
}

// ---------------------------------------------------------------------------------------------
// The front app

const app = express();

// Bodies are parsed here once for both apps (the emulator's parsers skip parsed bodies).
// multer: PTB posts any call that carries a file as multipart/form-data, which the emulator
// cannot read at all; files stay in memory (only their size, hash and image size are used).
app.use(express.json({ limit: '1mb' }));
app.use(express.urlencoded({ extended: true, limit: '1mb' }));
app.use(multer({ storage: multer.memoryStorage(), limits: { fileSize: 50 * 1024 * 1024 } }).any());

// Every Bot API reply goes through res.json; fix it in one place:
//  - dates in ms -> seconds (sendMessage results, anything else that carries one);
//  - `result: null` (answerCallbackQuery, deleteMessage, setWebhook) -> true, as in the Bot API;
//  - ok:false replies (sent with HTTP 200) and thrown errors ({message}) -> HTTP status +
//    {ok:false, error_code, description}, which PTB needs to raise BadRequest & co;
//  - getMe lacks is_bot (PTB's User requires it); sendMessage returns a raw body, not a Message.
app.all('/bot:token/:method', (req, res, next) => {
  const { token, method } = req.params;
  const json = res.json;
  res.json = function patchedJson(body) {
    let out = body;
    if (out && typeof out === 'object' && !('ok' in out) && 'message' in out) {
      const code = res.statusCode >= 400 ? res.statusCode : 500;
      out = { ok: false, error_code: code, description: String(out.message) };
    }
    if (out && out.ok === false) {
      res.status(out.error_code || (res.statusCode >= 400 ? res.statusCode : 400));
    } else if (out && out.ok === true) {
      out = { ...out };
      if (out.result === null || out.result === undefined) out.result = true;
      if (method === 'getMe') {
        out.result = {
          ...out.result, ...botUser(token), can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
        };
      }
      if (method === 'sendMessage' && out.result.message_id !== undefined) {
        out.result = shapeMessage(token, out.result.message_id, out.result, out.result.date);
      }
      out = fixDates(out);
    }
    return json.call(this, out);
  };
  if (LOG) {
    res.on('finish', () => console.error(`emulator: ${method} ${res.statusCode} ${JSON.stringify(req.body).slice(0, 300)}`));
  }
  const stats = pollStats.get(token) || { getUpdates: 0, getMe: 0 };
  if (method === 'getUpdates' || method === 'getMe') stats[method] += 1;
  pollStats.set(token, stats);
  next();
});

// A user who blocked the bot: the emulator has no such notion; here a test can block a chat
// (POST /e2e/block {token, chat_id}) and every send* to it gets Telegram's 403 Forbidden.
const blockedChats = new Set();
app.post('/e2e/block', (req, res) => {
  blockedChats.add(`${req.body.token}:${req.body.chat_id}`);
  res.json({ ok: true, result: true });
});
app.all('/bot:token/:method', (req, res, next) => {
  const { token, method } = req.params;
  const chat = req.body && req.body.chat_id;
  if (method.startsWith('send') && blockedChats.has(`${token}:${chat}`)) {
    res.status(403).json({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    return;
  }
  next();
});

// Telegram's flood control, as a strict meter (EMULATOR_FLOOD_LIMIT=30): a message beyond 30
// accepted in the trailing second, or beyond 20 in the trailing minute to one group chat, is
// answered 429 with retry_after and not delivered. /e2e/flood reports what the meter saw: the
// times of accepted messages (ms since `origin`, the emulator's start in ms since the epoch)
// and how many were refused, for the sending and failover benchmarks.
const FLOOD_LIMIT = Number(process.env.EMULATOR_FLOOD_LIMIT || 0);
const flood = { accepted: [], refused: 0, window: [], groups: new Map() };
app.all('/bot:token/:method', (req, res, next) => {
  const { method } = req.params;
  const chat = req.body && req.body.chat_id;
  const counted = /^(send|edit|copy|forward)/.test(method) && method !== 'sendChatAction' && chat !== undefined;
  if (!FLOOD_LIMIT || !counted) {
    next();
    return;
  }
  const now = performance.now();
  while (flood.window.length && flood.window[0] <= now - 1000) flood.window.shift();
  let wait = 0;
  if (flood.window.length >= FLOOD_LIMIT) wait = 1;
  const chatId = Number(chat);
  if (!wait && chatId < 0) {
    const sent = flood.groups.get(chatId) || [];
    while (sent.length && sent[0] <= now - 60000) sent.shift();
    if (sent.length >= 20) wait = Math.ceil((sent[0] + 60000 - now) / 1000);
    else sent.push(now);
    flood.groups.set(chatId, sent);
  }
  if (wait) {
    flood.refused += 1;
    res.status(429).json({
      ok: false, error_code: 429, description: `Too Many Requests: retry after ${wait}`, parameters: { retry_after: wait },
    });
    return;
  }
  flood.window.push(now);
  flood.accepted.push(now);
  next();
});
app.post('/e2e/flood', (req, res) => {
  res.json({ ok: true, result: { accepted: flood.accepted, refused: flood.refused, origin: performance.timeOrigin } });
});

// getUpdates: the emulator marks updates read as soon as it hands them out and ignores
// `offset`, `limit` and `timeout`. Here updates stay pending until the bot confirms them with
// a higher `offset`, as on Telegram (a lost reply is redelivered). There is no long polling:
// the reply is immediate whatever `timeout` says, so the bot polls with a short poll_interval.
app.all('/bot:token/getUpdates', (req, res) => {
  const { token } = req.params;
  const params = { ...req.query, ...req.body };
  let queue = (pendingUpdates.get(token) || []).concat(tg.getUpdates(token).map(fixUpdate));
  const offset = Number(params.offset);
  if (Number.isFinite(offset) && offset > 0) queue = queue.filter((u) => u.update_id >= offset);
  if (Number.isFinite(offset) && offset < 0) queue = queue.slice(offset);
  pendingUpdates.set(token, queue);
  const limit = Math.min(Math.max(Number(params.limit) || 100, 1), 100);
  res.json({ ok: true, result: queue.slice(0, limit) });
});

// deleteWebhook (PTB calls it when polling starts): honour drop_pending_updates, then let the
// emulator remove the webhook.
app.all('/bot:token/deleteWebhook', (req, res, next) => {
  const { token } = req.params;
  if (truthy(req.body.drop_pending_updates)) {
    tg.getUpdates(token);
    pendingUpdates.delete(token);
  }
  next();
});

app.all('/bot:token/getWebhookInfo', (req, res) => {
  const { token } = req.params;
  const webhook = webhooks.get(token); // the bot's own URL, not the relay's
  const pending = (pendingUpdates.get(token) || []).length
    + tg.storage.userMessages.filter((u) => u.botToken === token && !u.isRead).length;
  res.json({ ok: true, result: { url: webhook ? webhook.url : '', has_custom_certificate: false, pending_update_count: pending } });
});

// Edits: the emulator's editMessageText / editMessageReplyMarkup reply `result: null`, which PTB
// cannot turn into a Message, and never fail. Here they reply the edited Message, like Telegram:
//  - 400 "message to edit not found" for an unknown chat_id/message_id;
//  - 400 "message is not modified" when nothing changes (bots must cope with double taps);
//  - an edit without reply_markup removes the inline keyboard (the emulator keeps it, and
//    editMessageReplyMarkup without markup did nothing at all);
//  - inline messages (inline_message_id) just get `true`.
// The storing itself is still done by the emulator's own editMessageText/editMessageReplyMarkup.
function handleEdit(kind) {
  return (req, res) => {
    const { token } = req.params;
    const body = req.body;
    if (body.inline_message_id && !body.chat_id) {
      res.json({ ok: true, result: true });
      return;
    }
    const entry = findBotMessage(token, body.chat_id, body.message_id);
    if (!entry) {
      apiError(res, 400, 'Bad Request: message to edit not found');
      return;
    }
    const before = JSON.stringify([entry.message.text, entry.message.caption, parseJson(entry.message.reply_markup)]);
    const markup = parseJson(body.reply_markup);
    if (kind === 'text') {
      tg.editMessageText({ ...body });
    } else if (kind === 'caption') {
      Object.assign(entry.message, { caption: body.caption, caption_entities: body.caption_entities, parse_mode: body.parse_mode });
    } else if (markup && 'inline_keyboard' in markup) {
      tg.editMessageReplyMarkup({ ...body });
    }
    if (!markup || !('inline_keyboard' in markup)) delete entry.message.reply_markup;
    const after = JSON.stringify([entry.message.text, entry.message.caption, parseJson(entry.message.reply_markup)]);
    if (before === after) {
      apiError(res, 400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      return;
    }
    entry.message.edit_date = nowSeconds();
    res.json({ ok: true, result: shapeMessage(token, entry.messageId, entry.message, entry.time) });
  };
}
app.all('/bot:token/editMessageText', handleEdit('text'));
app.all('/bot:token/editMessageCaption', handleEdit('caption'));
app.all('/bot:token/editMessageReplyMarkup', handleEdit('markup'));

// sendPhoto / sendDocument: not in the emulator at all. The message is stored through the
// emulator's own addBotMessage, so it shows in /getUpdatesHistory like a text message, with
// `photo` (PhotoSize[]) or `document` (Document) and `caption`.
function handleSendFile(kind) {
  return (req, res) => {
    const { token } = req.params;
    const meta = fileFromRequest(req, kind, kind);
    if (!req.body.chat_id || !meta) {
      apiError(res, 400, `Bad Request: chat_id and ${kind} are required`);
      return;
    }
    const stored = { ...req.body };
    delete stored[kind];
    delete stored.thumbnail;
    for (const key of Object.keys(stored)) {
      if (typeof stored[key] === 'string' && stored[key].startsWith('attach://')) delete stored[key];
    }
    if (kind === 'photo') {
      stored.photo = [{ file_id: meta.file_id, file_unique_id: meta.file_unique_id, width: meta.width, height: meta.height, file_size: meta.file_size }];
    } else {
      stored.document = { file_id: meta.file_id, file_unique_id: meta.file_unique_id, file_name: meta.file_name, mime_type: meta.mime_type, file_size: meta.file_size };
    }
    const sent = tg.addBotMessage(stored, token);
    res.json({ ok: true, result: shapeMessage(token, sent.message_id, sent, sent.date) });
  };
}
app.all('/bot:token/sendPhoto', handleSendFile('photo'));
app.all('/bot:token/sendDocument', handleSendFile('document'));

// answerCallbackQuery: the emulator forgets the answer; keep it so tests can check toasts.
app.all('/bot:token/answerCallbackQuery', (req, res, next) => {
  const { token } = req.params;
  const { callback_query_id: id, text, url } = req.body;
  // Who pressed: the emulator keeps each callback update with its callbackId (read-only look-up).
  const update = tg.storage.userMessages.find((u) => u.callbackQuery && String(u.callbackId) === String(id));
  const userId = update && update.callbackQuery.from ? update.callbackQuery.from.id : null;
  callbackAnswers.push({
    token, callback_query_id: String(id), user_id: userId, text: text || null, show_alert: truthy(req.body.show_alert), url: url || null, at: nowSeconds(),
  });
  next();
});

// Bot commands (PTB apps often set them in post_init); getMyCommands must return a list.
app.all('/bot:token/setMyCommands', (req, res) => {
  myCommands.set(req.params.token, parseJson(req.body.commands) || []);
  res.json({ ok: true, result: true });
});
app.all('/bot:token/deleteMyCommands', (req, res) => {
  myCommands.delete(req.params.token);
  res.json({ ok: true, result: true });
});
app.all('/bot:token/getMyCommands', (req, res) => {
  res.json({ ok: true, result: myCommands.get(req.params.token) || [] });
});

// Any other method: the emulator answers HTTP 500 "not supported"; answer ok:true/true so
// setChatMenuButton, sendChatAction, setMyDescription, ... do not break a bot under test.
// (Methods whose result PTB parses into an object, e.g. getChat, still need a real handler.)
app.all('/bot:token/:method', (req, res, next) => {
  if (EMULATOR_METHODS.has(req.params.method)) {
    next();
    return;
  }
  res.json({ ok: true, result: true });
});

// Test-only client routes.
app.post('/e2e/status', (req, res) => {
  const token = req.body.token;
  const stats = pollStats.get(token) || { getUpdates: 0, getMe: 0 };
  res.json({ ok: true, result: { get_updates_calls: stats.getUpdates, get_me_calls: stats.getMe, pending_updates: (pendingUpdates.get(token) || []).length } });
});
app.post('/e2e/callbackAnswers', (req, res) => {
  res.json({ ok: true, result: callbackAnswers.filter((answer) => answer.token === req.body.token) });
});

// Webhooks: Telegram posts each update to the setWebhook URL with the secret token in the
// X-Telegram-Bot-Api-Secret-Token header. The emulator posts without that header and without the
// fixes getUpdates applies (dates in seconds, chat_instance), so it is pointed at a relay here
// that adds both and answers with the bot's status (a 403 then fails the user's send).
const webhooks = new Map(); // token -> { url, secret }
app.all('/bot:token/setWebhook', (req, res) => {
  const { token } = req.params;
  const params = { ...req.query, ...req.body };
  if (!params.url) {
    webhooks.delete(token);
    tg.deleteWebhook(token);
  } else {
    webhooks.set(token, { url: String(params.url), secret: String(params.secret_token || '') });
    const relay = `http://${HOST}:${server.address().port}/e2e/relay/${encodeURIComponent(token)}`;
    tg.setWebhook({ url: relay }, token);
  }
  res.json({ ok: true, result: true });
});
app.all('/bot:token/deleteWebhook', (req, _res, next) => {
  webhooks.delete(req.params.token);
  next();
});
app.post('/e2e/relay/:token', async (req, res) => {
  const hook = webhooks.get(req.params.token);
  if (!hook) return res.status(404).end();
  const headers = { 'Content-Type': 'application/json' };
  if (hook.secret) headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secret;
  try {
    const answer = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(fixUpdate(req.body)) });
    return res.status(answer.status).end();
  } catch (error) {
    if (LOG) console.error(`emulator: webhook ${hook.url} unreachable: ${error.message}`);
    return res.status(502).end();
  }
});

// The emulator itself: its client routes, its remaining bot routes, its 404.
app.use(tg.webServer);

// ---------------------------------------------------------------------------------------------

// The emulator's client routes call async methods without awaiting them (e.g. /sendCommand
// without `entities` fails an assert); since Node 15 that would kill the whole emulator.
process.on('unhandledRejection', (error) => {
  console.error('emulator: unhandled rejection (still running):', error);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
if (process.env.EMULATOR_EXIT_ON_STDIN_EOF) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

const port = Number(process.argv[2] || process.env.PORT || 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`emulator: bad port ${process.argv[2] || process.env.PORT}`);
  process.exit(2);
}
const server = http.createServer(app);
// Longer than httpx's idle keep-alive, so PTB never reuses a connection the server just closed.
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.on('error', (error) => {
  console.error(`emulator: ${error.message}`);
  process.exit(1);
});
server.listen(port, HOST, () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
