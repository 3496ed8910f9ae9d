using CommunityBot.Configuration;
using CommunityBot.Discord.Gateway;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Hosting;
using CommunityBot.Storage;
using CommunityBot.Storage.Health;
using CommunityBot.Interactions.Resources;
using CommunityBot.Localisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommunityBot.Interactions;

public sealed class InteractionOptions
{
    public const string SectionName = "Interactions";
    /// <summary>Register commands globally (slow to propagate) instead of per configured guild (instant).</summary>
    public bool RegisterGlobally { get; set; }
    /// <summary>If a handler has not answered this long after receipt, defer for it (Discord's limit is 3 s).</summary>
    public TimeSpan AutoDeferAfter { get; set; } = TimeSpan.FromMilliseconds(1800);
}

/// <summary>
/// Routes INTERACTION_CREATE to the command (by name and type) or component handler (by custom_id feature
/// prefix), enforces access server-side, defers automatically for slow handlers, and turns refusals and
/// failures into ephemeral answers.
/// </summary>
public sealed class InteractionDispatcher(
    InteractionRoutes routes,
    IServiceProvider services,
    IDiscordRestClient rest,
    ICommunityConfig config,
    CurrentEvent current,
    StorageHealth storage,
    Audiences audiences,
    Localiser<InteractionStrings> strings,
    IOptions<InteractionOptions> options,
    ILogger<InteractionDispatcher> logger) : IEventHandler<InteractionCreateEvent>
{
    public async Task HandleAsync(InteractionCreateEvent evt, CancellationToken ct)
    {
        var interaction = evt.Interaction;
        var command = interaction.Type is InteractionTypes.ApplicationCommand or InteractionTypes.ApplicationCommandAutocomplete
            && routes.Command(interaction.Data?.Name, interaction.Data?.Type) is { } commandType
                ? (IApplicationCommand)services.GetRequiredService(commandType)
                : null;
        if (interaction.GuildId is { } guildId) audiences.RememberGuild(guildId, interaction.GuildLocale);
        var ctx = new InteractionContext(interaction, rest, config.Guild(interaction.GuildId), command?.DeferEphemeral ?? true,
            interaction.GuildId is null ? null : audiences.ForGuild(interaction.GuildId));

        if (interaction.Type == InteractionTypes.ApplicationCommandAutocomplete)
        {
            await AutocompleteAsync(ctx, command);
            return;
        }

        using var deadline = new CancellationTokenSource();
        var autoDefer = AutoDeferAsync(ctx, deadline.Token);
        try
        {
            await RouteAsync(ctx, command);
        }
        catch (InteractionRefusedException refusal)
        {
            await TryRespondAsync(ctx, refusal.SharedKey is { } key ? strings.Get(ctx.Culture, key) : refusal.Message);
        }
        catch (DiscordRestException ex) when (ex.Code == DiscordRestException.UnknownInteraction)
        {
            // 10062: the token is dead (answered too late, or the interaction is gone). Any further answer would get
            // the same error, so say so once instead of logging a failure and trying again.
            logger.LogWarning("Interaction {Id} ({Name}) expired before it was answered ({Elapsed:0.###}s after receipt): {Route}",
                interaction.Id, interaction.Data?.Name ?? interaction.Data?.CustomId, current.Receipt.Elapsed.TotalSeconds, ex.Route);
        }
        catch (Exception ex) when (TransientStorageError.Is(ex))
        {
            // Not retried later: the member would not expect it, and the token may be gone. They can simply try again.
            storage.ReportFailure(ex, $"interaction {interaction.Data?.Name ?? interaction.Data?.CustomId}");
            await TryRespondAsync(ctx, strings.Get(ctx.Culture, "StorageOutage"));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Interaction {Id} ({Name}) failed", interaction.Id, interaction.Data?.Name ?? interaction.Data?.CustomId);
            await TryRespondAsync(ctx, strings.Get(ctx.Culture, "Failed", ("reference", interaction.Id)));
        }
        finally
        {
            deadline.Cancel();
            await autoDefer;
        }
        await RememberLocaleAsync(ctx, ct);
    }

    private async Task RouteAsync(InteractionContext ctx, IApplicationCommand? command)
    {
        var interaction = ctx.Interaction;
        switch (interaction.Type)
        {
            case InteractionTypes.ApplicationCommand:
                if (command is null) throw new InteractionRefusedException(strings.Get(ctx.Culture, "CommandGone"));
                ctx.Require(command.Access);
                await command.ExecuteAsync(ctx);
                break;
            case InteractionTypes.MessageComponent or InteractionTypes.ModalSubmit:
                if (!CustomId.TryParse(interaction.Data?.CustomId, out var id))
                    throw new InteractionRefusedException(strings.Get(ctx.Culture, "ControlUnknown"));
                var handler = routes.Component(id.Feature) is { } handlerType
                    ? (IComponentHandler)services.GetRequiredService(handlerType)
                    : throw new InteractionRefusedException(strings.Get(ctx.Culture, "ControlFeatureOff"));
                if (!handler.Actions.Any(a => a.Accepts(id))) throw CustomId.Invalid();
                if (interaction.Type == InteractionTypes.MessageComponent && !IsOnTheClickedMessage(interaction))
                    throw new InteractionRefusedException(strings.Get(ctx.Culture, "ControlNotOnMessage"));
                await handler.HandleAsync(ctx, id);
                break;
            default:
                logger.LogDebug("Ignoring interaction type {Type}", interaction.Type);
                return;
        }
        if (!ctx.HasResponded)
        {
            // A handler that says nothing still has to acknowledge, or the user sees "interaction failed".
            await ctx.DeferAsync();
        }
    }

    /// <summary>
    /// A button or menu can only be clicked on the message that carries it, and the bot puts an entity's controls only
    /// on that entity's message: so <c>idea:up:1</c> arriving with a poll's message (a tampered client, a faulty
    /// gateway) names an idea the message is not about, and is refused rather than voting on idea 1.
    /// </summary>
    private static bool IsOnTheClickedMessage(Interaction interaction) =>
        interaction.Message is { } message && interaction.Data?.CustomId is { } customId
        && CustomIdsOn(message.Components).Contains(customId);

    private static IEnumerable<string> CustomIdsOn(IEnumerable<Component>? components)
    {
        foreach (var component in components ?? [])
        {
            if (component.CustomId is { } id) yield return id;
            foreach (var inner in CustomIdsOn(component.Components)) yield return inner;
            if (component.Child is { } child)
                foreach (var inner in CustomIdsOn([child])) yield return inner;
        }
    }

    /// <summary>After answering (never delaying the answer): the member's language, for DMs that have no interaction to read it from.</summary>
    private async Task RememberLocaleAsync(InteractionContext ctx, CancellationToken ct)
    {
        try
        {
            await audiences.RememberMemberAsync(ctx.UserId, ctx.Interaction.Locale, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not remember the language of user {UserId}", ctx.Interaction.Invoker?.Id);
        }
    }

    private async Task AutocompleteAsync(InteractionContext ctx, IApplicationCommand? command)
    {
        try
        {
            var choices = command is not null && ctx.Options.Focused is { } focused && ctx.Has(command.Access)
                ? await command.AutocompleteAsync(ctx, focused)
                : [];
            await ctx.AutocompleteAsync(choices);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Autocomplete for {Name} failed", ctx.Interaction.Data?.Name);
        }
    }

    private async Task AutoDeferAsync(InteractionContext ctx, CancellationToken handlerFinished)
    {
        var wait = options.Value.AutoDeferAfter - current.Receipt.Elapsed;
        try
        {
            if (wait > TimeSpan.Zero) await Task.Delay(wait, handlerFinished);
            if (!ctx.HasResponded) await ctx.DeferAsync();
        }
        catch (OperationCanceledException) { }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Deferring interaction {Id} failed", ctx.Interaction.Id);
        }
    }

    private async Task TryRespondAsync(InteractionContext ctx, string message)
    {
        try
        {
            await ctx.RespondAsync(message, ephemeral: true);
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning("Could not tell the user about a refused interaction {Id}: {Error}", ctx.Interaction.Id, ex.Message);
        }
    }
}
