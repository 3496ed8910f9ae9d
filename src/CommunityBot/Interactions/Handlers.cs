using CommunityBot.Discord.Models;

namespace CommunityBot.Interactions;

/// <summary>
/// A slash command or message context-menu command, declared next to its handler. <see cref="Access"/> is
/// enforced server-side before <see cref="ExecuteAsync"/> runs (and sets <c>default_member_permissions</c>);
/// subcommands with a higher bar call <see cref="InteractionContext.Require"/>.
/// </summary>
public interface IApplicationCommand
{
    ApplicationCommand Definition { get; }
    AccessLevel Access => AccessLevel.Everyone;
    /// <summary>If the handler is slow and gets auto-deferred, whether the deferred answer is ephemeral.</summary>
    bool DeferEphemeral => true;
    Task ExecuteAsync(InteractionContext ctx);
    Task<IEnumerable<ApplicationCommandOptionChoice>> AutocompleteAsync(InteractionContext ctx, InteractionDataOption focused) =>
        Task.FromResult(Enumerable.Empty<ApplicationCommandOptionChoice>());
}

/// <summary>
/// Handles buttons, select menus and modal submits whose <c>custom_id</c> starts with <see cref="Feature"/>
/// (see <see cref="CustomId"/>). Works for messages posted before a restart: state lives in the id and the database.
/// </summary>
public interface IComponentHandler
{
    string Feature { get; }
    /// <summary>
    /// Every custom_id shape this feature makes. The dispatcher refuses any other (unknown action, a missing or extra
    /// segment, a number not written as <see cref="CustomId.Create"/> writes it) before <see cref="HandleAsync"/> runs.
    /// </summary>
    IReadOnlyList<ComponentAction> Actions { get; }
    Task HandleAsync(InteractionContext ctx, CustomId id);
}
