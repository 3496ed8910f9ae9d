// The sandbox page: renders the server as the chosen persona sees it and turns clicks into member actions.
// Plain JavaScript on purpose: the sandbox must run with nothing but `dotnet run`.
"use strict";

const $ = (id) => document.getElementById(id);
const ui = {
  persona: localStorage.getItem("sandbox.persona") || "alice",
  view: localStorage.getItem("sandbox.view") || "channel:general",
  data: null,
  replyTo: null,
  command: null, // { def, path }
};
const QUICK_EMOJI = ["👍", "❤️", "😂", "🎉", "👀", "✅", "🗑️", "⚠️", "⏱️", "🔨"];

// ---------- talking to the sandbox ----------

async function api(name, body) {
  const response = await fetch("/api/" + name, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  let result;
  try { result = await response.json(); } catch { result = { ok: false, error: `The sandbox answered ${response.status}.` }; }
  if (!result.ok) toast(result.error || "That did not work.");
  return result;
}

let refreshing = false, refreshAgain = false;
async function refresh() {
  if (refreshing) { refreshAgain = true; return; }
  refreshing = true;
  try {
    do {
      refreshAgain = false;
      const asked = ui.persona;
      const response = await fetch("/api/state?persona=" + encodeURIComponent(asked));
      const data = await response.json();
      // The persona may have been switched while this request was out: its answer is stale, fetch again.
      if (asked !== ui.persona) { refreshAgain = true; continue; }
      ui.data = data;
      ui.persona = data.persona; // the sandbox falls back to alice for a persona it does not know
      render();
    } while (refreshAgain);
  } catch (e) {
    toast("Could not load the sandbox state: " + e.message);
  } finally {
    refreshing = false;
  }
}

function connectEvents() {
  const events = new EventSource("/api/events");
  events.addEventListener("change", () => refresh());
  events.onopen = () => $("live").classList.remove("off");
  events.onerror = () => $("live").classList.add("off");
}

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 6000);
}

// ---------- helpers ----------

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k === "html") e.innerHTML = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

const escapeHtml = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const userName = (id) => (ui.data && ui.data.userNames[id]) || "unknown-user";
const roleName = (id) => (ui.data && ui.data.roles.find((r) => r.id === id) || {}).name || "unknown-role";
const channelName = (id) => (ui.data && ui.data.channels.find((c) => c.id === id) || {}).name || "unknown-channel";

// Discord-flavoured markdown, after escaping, so user text can never inject markup.
function markdown(text) {
  let s = escapeHtml(text);
  const blocks = [];
  s = s.replace(/```(?:[a-z]*\n)?([\s\S]*?)```/g, (_, code) => { blocks.push(`<pre>${code}</pre>`); return `\u0000${blocks.length - 1}\u0000`; });
  s = s.replace(/`([^`\n]+)`/g, "<code>$1</code>");
  s = s.replace(/^&gt;&gt;&gt; ([\s\S]*)$/m, "<blockquote>$1</blockquote>");
  s = s.replace(/^&gt; (.*)$/gm, "<blockquote>$1</blockquote>");
  s = s.replace(/^#{1,3} (.*)$/gm, "<strong>$1</strong>");
  s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  s = s.replace(/__([^_]+)__/g, "<u>$1</u>");
  s = s.replace(/(^|[^*])\*([^*\n]+)\*/g, "$1<em>$2</em>");
  s = s.replace(/~~([^~]+)~~/g, "<s>$1</s>");
  s = s.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
  s = s.replace(/&lt;@!?(\d+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(userName(id))}</span>`);
  s = s.replace(/&lt;@&amp;(\d+)&gt;/g, (_, id) => `<span class="mention">@${escapeHtml(roleName(id))}</span>`);
  s = s.replace(/&lt;#(\d+)&gt;/g, (_, id) => `<span class="mention">#${escapeHtml(channelName(id))}</span>`);
  s = s.replace(/&lt;t:(\d+)(?::([tTdDfFR]))?&gt;/g, (_, secs) => `<span class="mention">${new Date(Number(secs) * 1000).toLocaleString()}</span>`);
  s = s.replace(/\u0000(\d+)\u0000/g, (_, i) => blocks[Number(i)]);
  return s;
}

const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const emojiText = (e) => (e ? (e.id ? `:${e.name}:` : e.name) + " " : "");
const currentChannel = () => (ui.view.startsWith("channel:") && ui.data ? ui.data.channels.find((c) => c.name === ui.view.slice(8)) : null);
const me = () => ui.data.personas.find((p) => p.name === ui.persona);

// ---------- rendering ----------

function render() {
  const d = ui.data;
  $("guild-name").textContent = d.guildName;
  renderPersonas(d);
  renderConfig(d.config);
  renderChannels(d);
  renderMessages();
  renderPeople(d);
}

function renderPersonas(d) {
  const select = $("persona");
  const names = d.personas.map((p) => p.name).join("|");
  if (select.dataset.names !== names) {
    select.replaceChildren(...d.personas.map((p) => el("option", { value: p.name, text: p.name })));
    select.dataset.names = names;
  }
  select.value = ui.persona;
  $("dm-persona").textContent = ui.persona;
}

function renderConfig(c) {
  const status = $("config-status");
  const file = c.path.split(/[\\/]/).pop();
  status.className = "config-status " + (c.lastEditAccepted ? "ok" : "rejected");
  status.textContent = c.lastEditAccepted
    ? `${file}: version ${c.version} running (loaded ${time(c.at)})`
    : `${file}: edit rejected at ${time(c.at)}; still running version ${c.version}`;
  status.title = c.path;
  const errors = $("config-errors");
  errors.hidden = c.lastEditAccepted;
  errors.textContent = c.lastEditAccepted ? "" : "Your last edit of " + c.path + " was not applied:\n" + c.errors.map((e) => "  • " + e).join("\n");
}

function renderChannels(d) {
  $("channels").replaceChildren(...d.channels.map((c) =>
    el("li", {}, el("button", {
      class: "channel-link" + (ui.view === "channel:" + c.name ? " active" : ""),
      "data-channel": c.name,
      onclick: () => show("channel:" + c.name),
    }, "# " + c.name))));
  $("dm-link").classList.toggle("active", ui.view === "dm");
}

function renderMessages() {
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const channel = currentChannel();
  let messages;
  if (ui.view === "dm") {
    $("channel-title").textContent = `✉ ${ui.persona} ↔ ${ui.data.botName}`;
    $("channel-hint").textContent = "Direct messages between this persona and the bot";
    $("composer-input").placeholder = `Message ${ui.data.botName} as ${ui.persona}`;
    messages = ui.data.directMessages;
  } else {
    if (!channel) { ui.view = "channel:general"; return renderMessages(); }
    $("channel-title").textContent = "# " + channel.name;
    $("channel-hint").textContent = "";
    $("composer-input").placeholder = `Message #${channel.name} as ${ui.persona} — or type / for the bot's commands`;
    messages = channel.messages;
  }
  box.replaceChildren(...(messages.length ? messages.map(renderMessage) : [el("div", { class: "muted", style: "padding:16px", text: "No messages yet." })]));
  if (atBottom || box.dataset.view !== ui.view) box.scrollTop = box.scrollHeight;
  box.dataset.view = ui.view;
}

function renderMessage(m) {
  const node = el("article", { class: "message" + (m.ephemeral ? " ephemeral" : ""), "data-testid": "message", "data-message-id": m.id, "data-author": m.authorName },
    m.replyTo && el("div", { class: "reply-ref" }, `↪ ${m.replyTo.authorName}: ${m.replyTo.content}`),
    m.usedCommand && el("div", { class: "used-command" }, "↳ " + m.usedCommand),
    el("div", { class: "meta" },
      el("span", { class: "author" }, m.authorName),
      m.authorIsBot && el("span", { class: "bot-tag" }, "BOT"),
      el("span", { class: "time" }, time(m.timestamp) + (m.edited ? " (edited)" : ""))),
    m.loading ? el("div", { class: "loading" }, `${ui.data.botName} is thinking…`) : (m.content && el("div", { class: "content", html: markdown(m.content) })),
    ...(Array.isArray(m.embeds) ? m.embeds.map(renderEmbed) : []),
    m.poll && renderPoll(m),
    Array.isArray(m.components) && m.components.length ? el("div", { class: "components" }, ...m.components.map((c) => renderComponent(c, m))) : null,
    m.attachments.length ? el("div", { class: "muted" }, "📎 " + m.attachments.join(", ")) : null,
    m.reactions.length ? el("div", { class: "reactions" }, ...m.reactions.map((r) =>
      el("button", { class: "reaction" + (r.me ? " me" : ""), "data-emoji": r.emoji, title: r.me ? "Remove your reaction" : "React",
        onclick: () => api("react", { persona: ui.persona, channelId: m.channelId, messageId: m.id, emoji: r.emoji, remove: r.me }) },
        `${reactionLabel(r.emoji)} ${r.count}`))) : null,
    m.ephemeral && el("div", { class: "ephemeral-note" }, "👁 Only you can see this"),
    ui.view === "dm" ? null : el("div", { class: "msg-actions" },
      el("button", { title: "Reply", onclick: () => startReply(m) }, "Reply"),
      el("button", { title: "Add reaction", "data-action": "react", onclick: (e) => reactionPicker(e.currentTarget, m) }, "React"),
      el("button", { title: "Apps", "data-action": "apps", onclick: (e) => appsMenu(e.currentTarget, m) }, "Apps")));
  return node;
}

const reactionLabel = (emoji) => (emoji.includes(":") ? ":" + emoji.split(":")[0] + ":" : emoji);

function renderEmbed(e) {
  const color = typeof e.color === "number" ? "#" + e.color.toString(16).padStart(6, "0") : null;
  return el("div", { class: "embed", style: color ? `border-left-color:${color}` : null, "data-testid": "embed" },
    e.author && el("div", { class: "embed-author" }, e.author.name),
    e.title && el("div", { class: "embed-title", html: e.url ? `<a href="${escapeHtml(e.url)}" target="_blank" rel="noopener">${markdown(e.title)}</a>` : markdown(e.title) }),
    e.description && el("div", { class: "embed-description", html: markdown(e.description) }),
    e.fields && e.fields.length ? el("div", { class: "embed-fields" }, ...e.fields.map((f) =>
      el("div", { class: "embed-field" + (f.inline ? " inline" : "") },
        el("div", { class: "embed-field-name", html: markdown(f.name) }),
        el("div", { class: "embed-field-value", html: markdown(f.value) })))) : null,
    e.image && el("div", { class: "muted" }, "🖼 " + e.image.url),
    (e.footer || e.timestamp) && el("div", { class: "embed-footer" }, [e.footer && e.footer.text, e.timestamp && new Date(e.timestamp).toLocaleString()].filter(Boolean).join(" • ")));
}

function renderPoll(m) {
  const p = m.poll;
  const total = p.answers.reduce((n, a) => n + Number(a.votes), 0);
  return el("div", { class: "poll", "data-testid": "poll" },
    el("div", { class: "poll-question" }, p.question),
    ...p.answers.map((a) => el("button", {
      class: "poll-answer" + (a.me ? " me" : ""), disabled: p.finalized,
      onclick: () => api("poll-vote", { persona: ui.persona, channelId: m.channelId, messageId: m.id, answerId: a.id, remove: a.me }),
    }, el("span", {}, (a.emoji ? a.emoji + " " : "") + a.text), el("span", {}, `${a.votes} vote(s)${total ? " · " + Math.round((100 * a.votes) / total) + "%" : ""}`))),
    el("div", { class: "muted" }, p.finalized ? "Poll closed" : `${total} vote(s) · ends ${new Date(p.expiry).toLocaleString()}`));
}

// Message components, legacy rows and the newer layout components alike.
function renderComponent(c, m) {
  switch (c.type) {
    case 1: return el("div", { class: "row" }, ...(c.components || []).map((x) => renderComponent(x, m)));
    case 2: return renderButton(c, m);
    case 3: case 5: case 6: case 7: case 8: return renderSelect(c, m);
    case 9: return el("div", { class: "row" }, el("div", {}, ...(c.components || []).map((x) => renderComponent(x, m))), c.accessory && renderComponent(c.accessory, m));
    case 10: return el("div", { class: "content", html: markdown(c.content) });
    case 11: return el("span", { class: "muted" }, "🖼");
    case 12: return el("div", { class: "muted" }, "🖼 media gallery");
    case 14: return el("hr", {});
    case 17: return el("div", { class: "container" }, ...(c.components || []).map((x) => renderComponent(x, m)));
    default: return el("div", { class: "muted" }, `(component type ${c.type})`);
  }
}

function renderButton(b, m) {
  const label = emojiText(b.emoji) + (b.label || "");
  if (b.style === 5) return el("a", { class: "btn", href: b.url, target: "_blank", rel: "noopener" }, label + " ↗");
  const style = { 1: "primary", 2: "secondary", 3: "success", 4: "danger" }[b.style] || "secondary";
  return el("button", {
    class: "btn " + style, disabled: b.disabled || b.style === 6, "data-custom-id": b.custom_id,
    onclick: async (e) => {
      e.currentTarget.disabled = true;
      const result = await api("button", { persona: ui.persona, channelId: m.channelId, messageId: m.id, customId: b.custom_id });
      if (result.ok && result.modal) openModal(result.modal, m.channelId, m.id);
      refresh();
    },
  }, label);
}

function selectChoices(c) {
  const d = ui.data;
  const members = d.personas.filter((p) => p.isMember).map((p) => ({ value: p.userId, label: "@" + p.name }));
  const roles = d.roles.map((r) => ({ value: r.id, label: "@" + r.name }));
  switch (c.type) {
    case 3: return (c.options || []).map((o) => ({ value: o.value, label: emojiText(o.emoji) + o.label, description: o.description, selected: o.default }));
    case 5: return members;
    case 6: return roles;
    case 7: return [...members, ...roles];
    default: return d.channels.map((ch) => ({ value: ch.id, label: "#" + ch.name }));
  }
}

function renderSelect(c, m) {
  const min = c.min_values ?? 1, max = c.max_values ?? 1;
  const multiple = max > 1;
  const select = el("select", { "data-custom-id": c.custom_id, multiple, disabled: c.disabled, size: multiple ? Math.min(6, selectChoices(c).length) : null, "aria-label": c.placeholder || "Choose" },
    multiple ? null : el("option", { value: "", text: c.placeholder || "Make a selection", disabled: true, selected: true }),
    ...selectChoices(c).map((o) => el("option", { value: o.value, title: o.description, selected: multiple && o.selected }, o.label)));
  const send = async () => {
    const values = [...select.selectedOptions].map((o) => o.value).filter((v) => v !== "");
    if (values.length < min) return toast(`Choose at least ${min}.`);
    const result = await api("select", { persona: ui.persona, channelId: m.channelId, messageId: m.id, customId: c.custom_id, values });
    if (result.ok && result.modal) openModal(result.modal, m.channelId, m.id);
    refresh();
  };
  if (!multiple) { select.addEventListener("change", send); return el("div", { class: "select-box" }, select); }
  return el("div", { class: "select-box" }, select, el("button", { class: "btn primary", disabled: c.disabled, "data-select-submit": c.custom_id, onclick: send }, `Choose (${min}–${max})`));
}

function renderPeople(d) {
  $("people").replaceChildren(...d.personas.map((p) => el("li", { class: "person" + (p.isMember ? "" : " absent") + (p.name === ui.persona ? " active" : ""), "data-person": p.name },
    el("span", { class: "name" }, p.name + (p.isMember ? "" : " (not in the server)")),
    p.roles.length ? el("span", { class: "roles", "data-testid": "roles-" + p.name }, p.roles.join(", ")) : null,
    el("div", { class: "person-actions" },
      p.name === ui.persona ? null : el("button", { onclick: () => setPersona(p.name) }, "Act as"),
      p.isMember
        ? el("button", { "data-testid": "leave-" + p.name, onclick: () => api("leave", { persona: p.name }) }, "Leave")
        : el("button", { "data-testid": "join-" + p.name, onclick: () => api("join", { persona: p.name }) }, "Join the server")))));
}

// ---------- navigation and acting ----------

function show(view) {
  ui.view = view;
  localStorage.setItem("sandbox.view", view);
  cancelReply();
  render();
}

function setPersona(name) {
  ui.persona = name;
  localStorage.setItem("sandbox.persona", name);
  closeCommand();
  refresh();
}

function startReply(m) {
  ui.replyTo = m;
  $("reply-text").textContent = `Replying to ${m.authorName}`;
  $("reply-banner").hidden = false;
  $("composer-input").focus();
}

function cancelReply() {
  ui.replyTo = null;
  $("reply-banner").hidden = true;
}

function popover(anchor, children) {
  const p = $("popover");
  p.replaceChildren(...children);
  const r = anchor.getBoundingClientRect();
  p.style.top = Math.min(window.innerHeight - 120, r.bottom + 4) + "px";
  p.style.left = Math.max(8, r.right - 280) + "px";
  p.hidden = false;
}

function reactionPicker(anchor, m) {
  const custom = el("input", { placeholder: "emoji", size: 6, "aria-label": "Emoji" });
  const react = (emoji) => { $("popover").hidden = true; if (emoji) api("react", { persona: ui.persona, channelId: m.channelId, messageId: m.id, emoji, remove: false }); };
  popover(anchor, [...QUICK_EMOJI.map((e) => el("button", { "data-emoji": e, onclick: () => react(e) }, e)), custom, el("button", { onclick: () => react(custom.value.trim()) }, "Add")]);
}

function appsMenu(anchor, m) {
  const commands = ui.data.commands.filter((c) => Number(c.type) === 3);
  const run = async (c) => {
    $("popover").hidden = true;
    const result = await api("message-command", { persona: ui.persona, channelId: m.channelId, command: c.name, messageId: m.id });
    if (result.ok && result.modal) openModal(result.modal, m.channelId, null);
  };
  popover(anchor, commands.length ? commands.map((c) => el("button", { "data-app": c.name, onclick: () => run(c) }, c.name)) : [el("span", { class: "muted" }, "The bot registered no message commands.")]);
}

document.addEventListener("click", (e) => {
  const p = $("popover");
  if (!p.hidden && !p.contains(e.target) && !e.target.closest(".msg-actions")) p.hidden = true;
});

async function submitComposer(e) {
  e.preventDefault();
  const input = $("composer-input");
  const text = input.value.trim();
  if (!text) return;
  if (text.startsWith("/")) {
    const name = text.slice(1).split(/\s+/)[0];
    const def = ui.data.commands.find((c) => Number(c.type) === 1 && c.name === name);
    if (!def) return toast(`The bot has no /${name} command here.`);
    input.value = "";
    hideSuggestions();
    return openCommand(def);
  }
  let result;
  if (ui.view === "dm") result = await api("dm", { persona: ui.persona, content: text });
  else result = await api("post", { persona: ui.persona, channelId: currentChannel().id, content: text, replyTo: ui.replyTo && ui.replyTo.id });
  if (result.ok) { input.value = ""; cancelReply(); }
}

function onComposerInput() {
  const text = $("composer-input").value;
  if (!text.startsWith("/") || text.includes(" ") || ui.view === "dm") return hideSuggestions();
  const prefix = text.slice(1);
  const matches = ui.data.commands.filter((c) => Number(c.type) === 1 && c.name.startsWith(prefix));
  const box = $("command-suggestions");
  box.replaceChildren(...matches.map((c) => el("button", { class: "suggestion", "data-command": c.name, onclick: () => { $("composer-input").value = ""; hideSuggestions(); openCommand(c); } },
    el("strong", {}, "/" + c.name), " ", el("span", { class: "muted" }, c.description))));
  box.hidden = matches.length === 0;
}

function hideSuggestions() { $("command-suggestions").hidden = true; }

// ---------- slash commands ----------

// Subcommands (type 1) and groups (type 2) become paths: [] for a plain command, ["create"], ["admin", "reset"].
function commandPaths(def) {
  const options = def.definition.options || [];
  const subs = options.filter((o) => o.type === 1 || o.type === 2);
  if (!subs.length) return [{ path: [], options }];
  const paths = [];
  for (const s of subs) {
    if (s.type === 1) paths.push({ path: [s.name], options: s.options || [], description: s.description });
    else for (const inner of s.options || []) paths.push({ path: [s.name, inner.name], options: inner.options || [], description: inner.description });
  }
  return paths;
}

function openCommand(def, pathIndex = 0) {
  const paths = commandPaths(def);
  const chosen = paths[pathIndex];
  ui.command = { def, path: chosen.path, options: chosen.options };
  const form = $("command-form");
  const fields = chosen.options.map(optionField);
  form.replaceChildren(
    el("div", { class: "head" },
      el("span", {}, el("strong", {}, "/" + def.name), " ", el("span", { class: "muted" }, def.description)),
      el("button", { class: "link", "data-testid": "command-close", onclick: closeCommand }, "close")),
    paths.length > 1 || chosen.path.length ? el("label", { class: "option" }, "subcommand",
      el("select", { "data-testid": "subcommand", onchange: (e) => openCommand(def, Number(e.target.value)) },
        ...paths.map((p, i) => el("option", { value: i, selected: i === pathIndex }, p.path.join(" ") + (p.description ? " — " + p.description : ""))))) : null,
    ...fields,
    el("div", {}, el("button", { class: "run", "data-testid": "run-command", onclick: runCommand }, `Run /${[def.name, ...chosen.path].join(" ")}`)));
  form.hidden = false;
  const first = form.querySelector("[data-option]");
  if (first) first.focus();
}

function closeCommand() {
  ui.command = null;
  $("command-form").hidden = true;
}

function optionField(o) {
  const d = ui.data;
  const attrs = { "data-option": o.name, "aria-label": o.name, required: o.required };
  let input;
  const choices = (list) => el("select", attrs, el("option", { value: "" }, o.required ? "— choose —" : "— none —"), ...list.map((c) => el("option", { value: c.value }, c.label)));
  if (o.choices && o.choices.length) input = choices(o.choices.map((c) => ({ value: c.value, label: c.name })));
  else switch (o.type) {
    case 4: case 10: input = el("input", { ...attrs, type: "number", step: o.type === 4 ? 1 : "any", min: o.min_value, max: o.max_value }); break;
    case 5: input = choices([{ value: "true", label: "True" }, { value: "false", label: "False" }]); break;
    case 6: input = choices(d.personas.filter((p) => p.isMember).map((p) => ({ value: p.userId, label: "@" + p.name }))); break;
    case 7: input = choices(d.channels.map((c) => ({ value: c.id, label: "#" + c.name }))); break;
    case 8: input = choices(d.roles.map((r) => ({ value: r.id, label: "@" + r.name }))); break;
    case 9: input = choices([...d.personas.filter((p) => p.isMember).map((p) => ({ value: p.userId, label: "@" + p.name })), ...d.roles.map((r) => ({ value: r.id, label: "@" + r.name }))]); break;
    case 11: input = el("span", { class: "muted" }, "Attachments cannot be uploaded in the sandbox."); break;
    default: {
      input = el("input", { ...attrs, type: "text", minlength: o.min_length, maxlength: o.max_length });
      if (o.autocomplete) {
        const list = el("datalist", { id: "ac-" + o.name });
        input.setAttribute("list", list.id);
        input.addEventListener("input", () => { clearTimeout(input.acTimer); input.acTimer = setTimeout(() => autocomplete(o.name, list), 150); });
        input.addEventListener("focus", () => autocomplete(o.name, list));
        input.after(list);
        return el("label", { class: "option" }, o.name + (o.required ? " *" : ""), el("span", {}, input, list), o.description && el("span", { class: "desc" }, o.description));
      }
    }
  }
  return el("label", { class: "option" }, o.name + (o.required ? " *" : ""), input, o.description && el("span", { class: "desc" }, o.description));
}

function commandValues(focused) {
  return [...$("command-form").querySelectorAll("[data-option]")].map((input) => ({ name: input.dataset.option, value: input.value, focused: input.dataset.option === focused }));
}

async function autocomplete(option, list) {
  if (!ui.command || ui.view === "dm") return;
  const result = await fetch("/api/autocomplete", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ persona: ui.persona, channelId: currentChannel().id, command: ui.command.def.name, path: ui.command.path, options: commandValues(option) }),
  }).then((r) => r.json()).catch(() => null);
  if (!result || !result.ok || !Array.isArray(result.choices)) return;
  list.replaceChildren(...result.choices.map((c) => el("option", { value: String(c.value) }, c.name)));
  list.dataset.loaded = "true";
}

async function runCommand() {
  if (!ui.command) return;
  if (ui.view === "dm") return toast("Slash commands run in a server channel; pick one on the left.");
  const missing = ui.command.options.filter((o) => o.required && o.type !== 11).find((o) => !$("command-form").querySelector(`[data-option="${CSS.escape(o.name)}"]`).value);
  if (missing) return toast(`The option "${missing.name}" is required.`);
  const channelId = currentChannel().id;
  const result = await api("slash", { persona: ui.persona, channelId, command: ui.command.def.name, path: ui.command.path, options: commandValues(null) });
  if (!result.ok) return;
  closeCommand();
  if (result.modal) openModal(result.modal, channelId, result.modalMessageId || null);
}

// ---------- modals ----------

function openModal(modal, channelId, messageId) {
  const dialog = $("modal");
  const inputs = [];
  const textInput = (c, label, description) => {
    const attrs = { "data-field": c.custom_id, "aria-label": label || c.label || c.custom_id, placeholder: c.placeholder, required: c.required !== false, minlength: c.min_length, maxlength: c.max_length };
    const input = c.style === 2 ? el("textarea", { ...attrs, rows: 4 }) : el("input", { ...attrs, type: "text" });
    input.value = c.value || "";
    inputs.push(input);
    return [el("label", {}, (label || c.label || c.custom_id) + (c.required !== false ? " *" : "")), description && el("div", { class: "muted" }, description), input];
  };
  const parts = [];
  for (const top of modal.components || []) {
    if (top.type === 1) for (const c of top.components || []) { if (c.type === 4) parts.push(...textInput(c)); }
    else if (top.type === 18 && top.component && top.component.type === 4) parts.push(...textInput(top.component, top.label, top.description));
    else if (top.type === 10) parts.push(el("div", { class: "content", html: markdown(top.content) }));
    else parts.push(el("div", { class: "muted" }, `(this modal uses a component the sandbox cannot fill: type ${top.type === 18 && top.component ? top.component.type : top.type})`));
  }
  const submit = async (e) => {
    e.preventDefault();
    const fields = {};
    for (const input of inputs) if (input.value !== "" || input.required) fields[input.dataset.field] = input.value;
    const result = await api("modal", { persona: ui.persona, channelId, customId: modal.custom_id, fields, messageId });
    if (result.ok) dialog.close();
  };
  dialog.replaceChildren(el("form", { method: "dialog", onsubmit: submit },
    el("h3", {}, modal.title),
    ...parts,
    el("div", { class: "actions" },
      el("button", { type: "button", class: "cancel", onclick: () => dialog.close() }, "Cancel"),
      el("button", { type: "submit", "data-testid": "modal-submit" }, "Submit"))));
  dialog.showModal();
}

// ---------- start ----------

$("persona").addEventListener("change", (e) => setPersona(e.target.value));
$("dm-link").addEventListener("click", () => show("dm"));
$("composer").addEventListener("submit", submitComposer);
$("composer-input").addEventListener("input", onComposerInput);
$("reply-cancel").addEventListener("click", cancelReply);
$("new-person").addEventListener("submit", async (e) => {
  e.preventDefault();
  const name = $("new-person-name").value.trim();
  if (!name) return;
  const result = await api("new-person", { persona: name });
  if (result.ok) { $("new-person-name").value = ""; setPersona(name); }
});
connectEvents();
refresh();
