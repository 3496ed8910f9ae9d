using System.Globalization;
using CommunityBot.Configuration;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions.Resources;
using CommunityBot.Localisation;

namespace CommunityBot.Interactions;

/// <summary>
/// One interaction being answered. The response methods pick the right Discord call for the state we are in
/// (initial callback, edit of a deferred answer, or follow-up), and the dispatcher defers on the handler's
/// behalf if it has not answered shortly before the 3-second deadline. Answers are ephemeral by default and
/// never ping anyone unless a feature passes explicit <see cref="AllowedMentions"/>.
/// </summary>
public sealed class InteractionContext
{
    private enum State { None, Deferred, DeferredUpdate, Responded }

    private readonly IDiscordRestClient _rest;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private State _state = State.None;
    private bool _originalEdited;

    /// <param name="guildCulture">The server's language for public posts (see <see cref="Audiences.ForGuild"/>); default: Discord's <c>guild_locale</c>.</param>
    public InteractionContext(Interaction interaction, IDiscordRestClient rest, GuildConfig? guildConfig, bool deferEphemeral, CultureInfo? guildCulture = null)
    {
        Interaction = interaction;
        _rest = rest;
        GuildConfig = guildConfig;
        DeferEphemeral = deferEphemeral;
        Culture = Languages.FromDiscord(interaction.Locale);
        GuildCulture = guildCulture ?? guildConfig?.Language ?? Languages.Parse(interaction.GuildLocale) ?? Languages.Fallback;
        Options = new CommandOptions(interaction.Data, Culture);
    }

    private static Localiser<InteractionStrings> Strings => Localiser<InteractionStrings>.Shared;

    public Interaction Interaction { get; }
    public CommandOptions Options { get; }
    /// <summary>The guild's community config, or null if the guild is not configured.</summary>
    public GuildConfig? GuildConfig { get; }
    public bool DeferEphemeral { get; }
    /// <summary>The invoking member's language (Discord's <c>locale</c>): every answer to this interaction uses it.</summary>
    public CultureInfo Culture { get; }
    /// <summary>The server's language: for what the interaction posts publicly (a card, an announcement).</summary>
    public CultureInfo GuildCulture { get; }

    public ulong GuildId => Interaction.GuildId ?? throw new InteractionRefusedException(Strings.Get(Culture, "NotInServer"));
    public ulong ChannelId => Interaction.ChannelId ?? Interaction.Channel?.Id ?? 0;
    public User User => Interaction.Invoker ?? throw new InvalidOperationException("Interaction without a user.");
    public ulong UserId => User.Id;
    public ulong MemberPermissions => Interaction.Member?.Permissions ?? 0;
    public IReadOnlyList<ulong> MemberRoles => Interaction.Member?.Roles ?? [];
    public bool HasResponded => _state != State.None;

    /// <summary>
    /// The feature's settings in this guild, or a refusal saying the feature is not configured here. A DM has no
    /// server to read settings from, so there the refusal says so instead of blaming the config.
    /// </summary>
    public T Section<T>(string featureName) where T : class =>
        Interaction.GuildId is null
            ? throw new InteractionRefusedException(Strings.Get(Culture, "NotInServer"))
            : GuildConfig?.Section<T>() ?? throw new InteractionRefusedException(Strings.Get(Culture, "FeatureOff", ("feature", FeatureLabel(featureName))));

    /// <summary>The feature's name in the member's language when the strings know it (<c>Feature.&lt;name&gt;</c>).</summary>
    private string FeatureLabel(string featureName) =>
        Strings.OwnStrings(Culture).TryGetValue("Feature." + featureName, out var label) ? label : featureName;

    public bool IsAdmin =>
        Permissions.Has(MemberPermissions, Permissions.ManageGuild) || MemberRoles.Any(r => GuildConfig?.AdminRoleIds.Contains(r) == true);

    public bool IsModerator =>
        IsAdmin || Permissions.Has(MemberPermissions, Permissions.ModerateMembers) || MemberRoles.Any(r => GuildConfig?.ModeratorRoleIds.Contains(r) == true);

    public bool Has(AccessLevel level) => level switch
    {
        AccessLevel.Admin => IsAdmin,
        AccessLevel.Moderator => IsModerator,
        _ => true,
    };

    /// <summary>Refuses (ephemerally, saying what is needed) unless the invoker has <paramref name="level"/>.</summary>
    public void Require(AccessLevel level)
    {
        if (Has(level)) return;
        throw new InteractionRefusedException(Strings.Get(Culture, level == AccessLevel.Admin ? "NeedAdmin" : "NeedModerator"));
    }

    private bool IsComponent => Interaction.Type is InteractionTypes.MessageComponent or InteractionTypes.ModalSubmit;

    /// <summary>Answers with a message: the initial response, the edit of a deferred one, or a follow-up.</summary>
    public async Task RespondAsync(string? content = null, Embed[]? embeds = null, Component[]? components = null, bool ephemeral = true,
        IReadOnlyList<FileUpload>? files = null, AllowedMentions? allowedMentions = null)
    {
        allowedMentions ??= AllowedMentions.None;
        await _gate.WaitAsync();
        try
        {
            switch (_state)
            {
                case State.None:
                    var answered = await TryCallbackAsync(new InteractionResponse
                    {
                        Type = Discord.Models.InteractionCallbackTypes.ChannelMessageWithSource,
                        Data = new InteractionCallbackData
                        {
                            Content = content, Embeds = embeds, Components = components, AllowedMentions = allowedMentions,
                            Flags = ephemeral ? MessageFlags.Ephemeral : null,
                        },
                    }, files);
                    _state = State.Responded;
                    if (!answered)
                        await _rest.CreateFollowupMessageAsync(Interaction.ApplicationId, Interaction.Token, new CreateMessageRequest
                        {
                            Content = content, Embeds = embeds, Components = components, AllowedMentions = allowedMentions,
                            Flags = ephemeral ? MessageFlags.Ephemeral : null,
                        }, files);
                    break;
                case State.Deferred when !_originalEdited:
                    // Ephemerality was fixed when we deferred.
                    await _rest.EditOriginalInteractionResponseAsync(Interaction.ApplicationId, Interaction.Token,
                        new EditMessageRequest { Content = content ?? "", Embeds = embeds ?? [], Components = components ?? [], AllowedMentions = allowedMentions }, files);
                    _originalEdited = true;
                    break;
                default:
                    await _rest.CreateFollowupMessageAsync(Interaction.ApplicationId, Interaction.Token, new CreateMessageRequest
                    {
                        Content = content, Embeds = embeds, Components = components, AllowedMentions = allowedMentions,
                        Flags = ephemeral ? MessageFlags.Ephemeral : null,
                    }, files);
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>For components: replaces the message the component is on.</summary>
    public async Task UpdateMessageAsync(string? content = null, Embed[]? embeds = null, Component[]? components = null)
    {
        if (!IsComponent) throw new InvalidOperationException("UpdateMessageAsync is only for component and modal interactions.");
        await _gate.WaitAsync();
        try
        {
            var updated = _state == State.None && await TryCallbackAsync(new InteractionResponse
            {
                Type = Discord.Models.InteractionCallbackTypes.UpdateMessage,
                Data = new InteractionCallbackData { Content = content, Embeds = embeds, Components = components, AllowedMentions = AllowedMentions.None },
            });
            // After any acknowledgement (a defer, or one that 40060 says already happened) the edit goes to the original.
            if (!updated)
                await _rest.EditOriginalInteractionResponseAsync(Interaction.ApplicationId, Interaction.Token,
                    new EditMessageRequest { Content = content, Embeds = embeds, Components = components, AllowedMentions = AllowedMentions.None });
            if (_state == State.None) _state = State.Responded;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Acknowledges now and answers later (commands: "thinking…"; components: no visible change).</summary>
    public async Task DeferAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_state != State.None) return;
            var component = IsComponent;
            var deferred = await TryCallbackAsync(new InteractionResponse
            {
                Type = component ? Discord.Models.InteractionCallbackTypes.DeferredUpdateMessage : Discord.Models.InteractionCallbackTypes.DeferredChannelMessageWithSource,
                Data = !component && DeferEphemeral ? new InteractionCallbackData { Flags = MessageFlags.Ephemeral } : null,
            });
            _state = !deferred ? State.Responded : component ? State.DeferredUpdate : State.Deferred;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens a modal. Must be the first answer (Discord refuses a modal after a defer).</summary>
    public async Task ShowModalAsync(string customId, string title, params Component[] components)
    {
        await _gate.WaitAsync();
        try
        {
            if (_state != State.None) throw new InvalidOperationException("A modal must be the first response to an interaction.");
            await _rest.CreateInteractionResponseAsync(Interaction.Id, Interaction.Token, new InteractionResponse
            {
                Type = Discord.Models.InteractionCallbackTypes.Modal,
                Data = new InteractionCallbackData { CustomId = customId, Title = ModalLimits.ClipTitle(title), Components = components },
            });
            _state = State.Responded;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task AutocompleteAsync(IEnumerable<ApplicationCommandOptionChoice> choices)
    {
        await _gate.WaitAsync();
        try
        {
            if (_state != State.None) return;
            await _rest.CreateInteractionResponseAsync(Interaction.Id, Interaction.Token, new InteractionResponse
            {
                Type = Discord.Models.InteractionCallbackTypes.ApplicationCommandAutocompleteResult,
                Data = new InteractionCallbackData { Choices = choices.Take(25).ToArray() },
            });
            _state = State.Responded;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends the initial callback. False when Discord answers 40060 "already acknowledged": an earlier attempt of ours
    /// reached Discord although we saw it fail (a timeout), so the interaction is answered and what we meant to say
    /// goes out as a follow-up or an edit instead. Never retried: a second callback could only get 40060 again.
    /// </summary>
    private async Task<bool> TryCallbackAsync(InteractionResponse response, IReadOnlyList<FileUpload>? files = null)
    {
        try
        {
            await _rest.CreateInteractionResponseAsync(Interaction.Id, Interaction.Token, response, files);
            return true;
        }
        catch (DiscordRestException ex) when (ex.Code == DiscordRestException.InteractionAlreadyAcknowledged)
        {
            return false;
        }
    }

    /// <summary>The value a modal submit carried for a text input (inside a Label or a legacy action row).</summary>
    public string? ModalValue(string customId)
    {
        foreach (var top in Interaction.Data?.Components ?? [])
        {
            if (top.Child is { } child && child.CustomId == customId) return child.Value ?? child.Values?.FirstOrDefault();
            foreach (var inner in top.Components ?? [])
                if (inner.CustomId == customId) return inner.Value ?? inner.Values?.FirstOrDefault();
        }
        return null;
    }

    /// <summary>A modal text value, validated like a command option (the field is named in the refusal).</summary>
    public string RequiredModalValue(string customId, string fieldName, int maxLength)
    {
        var value = ModalValue(customId)?.Trim();
        if (string.IsNullOrEmpty(value)) throw new InteractionRefusedException(Strings.Get(Culture, "Field.Required", ("field", fieldName)));
        if (value.Length > maxLength)
            throw new InteractionRefusedException(Strings.Get(Culture, "Field.TooLong", ("field", fieldName), ("max", maxLength), ("length", value.Length)));
        return value;
    }
}
