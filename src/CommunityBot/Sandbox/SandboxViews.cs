using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityBot.StandIn;

namespace CommunityBot.Sandbox;

/// <summary>What the page renders for one persona: the server as that person sees it in Discord.</summary>
public sealed record StateView(
    string GuildName,
    ulong GuildId,
    string Persona,
    ulong? PersonaId,
    string BotName,
    ulong BotId,
    IReadOnlyList<PersonaView> Personas,
    IReadOnlyList<ChannelView> Channels,
    IReadOnlyList<RoleView> Roles,
    IReadOnlyDictionary<string, string> UserNames,
    IReadOnlyList<CommandView> Commands,
    IReadOnlyList<MessageView> DirectMessages,
    ConfigView Config);

public sealed record PersonaView(string Name, ulong UserId, bool IsMember, IReadOnlyList<string> Roles);

public sealed record ChannelView(ulong Id, string Name, IReadOnlyList<MessageView> Messages);

public sealed record RoleView(ulong Id, string Name);

/// <summary>A registered command: its raw definition carries the options the page turns into a form.</summary>
public sealed record CommandView(string Name, int Type, string Description, JsonElement Definition);

public sealed record ReactionView(string Emoji, int Count, bool Me);

public sealed record PollAnswerView(int Id, string Text, string? Emoji, int Votes, bool Me);

public sealed record PollView(string Question, IReadOnlyList<PollAnswerView> Answers, bool AllowMultiselect, bool Finalized, DateTimeOffset Expiry);

public sealed record ReplyView(ulong Id, string AuthorName, string Content);

public sealed record MessageView(
    ulong Id,
    ulong ChannelId,
    ulong AuthorId,
    string AuthorName,
    bool AuthorIsBot,
    string Content,
    DateTimeOffset Timestamp,
    bool Edited,
    bool Ephemeral,
    bool Loading,
    string? UsedCommand,
    ReplyView? ReplyTo,
    JsonElement? Embeds,
    JsonElement? Components,
    IReadOnlyList<ReactionView> Reactions,
    PollView? Poll,
    IReadOnlyList<string> Attachments);

public sealed record ConfigView(string Path, int Version, bool LastEditAccepted, DateTimeOffset At, IReadOnlyList<string> Errors);

// ---- requests from the page ----

public sealed record PostRequest(string Persona, ulong ChannelId, string Content, ulong? ReplyTo);
public sealed record DirectMessageRequest(string Persona, string Content);
public sealed record ReactRequest(string Persona, ulong ChannelId, ulong MessageId, string Emoji, bool Remove);
public sealed record PersonaRequest(string Persona);
public sealed record OptionValue(string Name, string Value, bool Focused);
public sealed record SlashRequest(string Persona, ulong ChannelId, string Command, IReadOnlyList<string>? Path, IReadOnlyList<OptionValue>? Options);
public sealed record MessageCommandRequest(string Persona, ulong ChannelId, string Command, ulong MessageId);
public sealed record ButtonRequest(string Persona, ulong ChannelId, ulong MessageId, string CustomId);
public sealed record SelectRequest(string Persona, ulong ChannelId, ulong MessageId, string CustomId, IReadOnlyList<string> Values);
public sealed record ModalRequest(string Persona, ulong ChannelId, string CustomId, IReadOnlyDictionary<string, string> Fields, ulong? MessageId);
public sealed record PollVoteRequest(string Persona, ulong ChannelId, ulong MessageId, int AnswerId, bool Remove);

/// <summary>The answer to an action: an error to show, a modal the bot opened, or autocomplete choices.</summary>
public sealed record ActionResult(bool Ok, string? Error = null, JsonElement? Modal = null, JsonElement? Choices = null, ulong? ModalMessageId = null);

/// <summary>Numbers travel as strings: snowflakes exceed what a JavaScript number holds exactly.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
[JsonSerializable(typeof(StateView))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(PostRequest))]
[JsonSerializable(typeof(DirectMessageRequest))]
[JsonSerializable(typeof(ReactRequest))]
[JsonSerializable(typeof(PersonaRequest))]
[JsonSerializable(typeof(SlashRequest))]
[JsonSerializable(typeof(MessageCommandRequest))]
[JsonSerializable(typeof(ButtonRequest))]
[JsonSerializable(typeof(SelectRequest))]
[JsonSerializable(typeof(ModalRequest))]
[JsonSerializable(typeof(PollVoteRequest))]
internal sealed partial class SandboxJson : JsonSerializerContext;
