using System.Text.Json;

namespace CommunityBot.Discord.Models;

/// <summary>RR § Interaction Type.</summary>
public static class InteractionTypes
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int ApplicationCommandAutocomplete = 4;
    public const int ModalSubmit = 5;
}

/// <summary>RR § Interaction Callback Type.</summary>
public static class InteractionCallbackTypes
{
    public const int Pong = 1;
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int ApplicationCommandAutocompleteResult = 8;
    public const int Modal = 9;
}

/// <summary>RR § Interaction Object.</summary>
public sealed record Interaction
{
    public ulong Id { get; init; }
    public ulong ApplicationId { get; init; }
    public int Type { get; init; }
    public InteractionData? Data { get; init; }
    public ulong? GuildId { get; init; }
    public ulong? ChannelId { get; init; }
    public Channel? Channel { get; init; }
    /// <summary>Present in guilds; carries <c>permissions</c> with channel overwrites applied.</summary>
    public GuildMember? Member { get; init; }
    /// <summary>Present in DMs.</summary>
    public User? User { get; init; }
    public string Token { get; init; } = "";
    public int Version { get; init; } = 1;
    /// <summary>The message a component was attached to.</summary>
    public Message? Message { get; init; }
    public ulong? AppPermissions { get; init; }
    public string? Locale { get; init; }
    public string? GuildLocale { get; init; }

    /// <summary>The invoking user, wherever the interaction came from.</summary>
    public User? Invoker => Member?.User ?? User;
}

/// <summary>
/// The union of application-command, component and modal-submit data (RR § Interaction Data):
/// which fields are set depends on <see cref="Interaction.Type"/>.
/// </summary>
public sealed record InteractionData
{
    // application command
    public ulong? Id { get; init; }
    public string? Name { get; init; }
    public int? Type { get; init; }
    public ResolvedData? Resolved { get; init; }
    public InteractionDataOption[]? Options { get; init; }
    public ulong? GuildId { get; init; }
    public ulong? TargetId { get; init; }
    // component / modal
    public string? CustomId { get; init; }
    public int? ComponentType { get; init; }
    public string[]? Values { get; init; }
    public Component[]? Components { get; init; }
}

public sealed record InteractionDataOption
{
    public string Name { get; init; } = "";
    public int Type { get; init; }
    /// <summary>string, integer, number or boolean on the wire; partial text while autocompleting.</summary>
    public JsonElement? Value { get; init; }
    public InteractionDataOption[]? Options { get; init; }
    public bool? Focused { get; init; }
}

public sealed record ResolvedData
{
    public Dictionary<ulong, User>? Users { get; init; }
    public Dictionary<ulong, GuildMember>? Members { get; init; }
    public Dictionary<ulong, Role>? Roles { get; init; }
    public Dictionary<ulong, Channel>? Channels { get; init; }
    public Dictionary<ulong, Message>? Messages { get; init; }
    public Dictionary<ulong, Attachment>? Attachments { get; init; }
}

/// <summary>RR § Interaction Response Object.</summary>
public sealed record InteractionResponse
{
    public int Type { get; init; }
    public InteractionCallbackData? Data { get; init; }
}

/// <summary>RR § Interaction Callback Data (messages, autocomplete and modal share one shape on the wire).</summary>
public sealed record InteractionCallbackData
{
    public bool? Tts { get; init; }
    public string? Content { get; init; }
    public Embed[]? Embeds { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public int? Flags { get; init; }
    public Component[]? Components { get; init; }
    public AttachmentUpload[]? Attachments { get; init; }
    public PollCreateRequest? Poll { get; init; }
    // autocomplete
    public ApplicationCommandOptionChoice[]? Choices { get; init; }
    // modal
    public string? CustomId { get; init; }
    public string? Title { get; init; }
}
