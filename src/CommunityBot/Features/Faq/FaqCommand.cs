using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Interactions;

namespace CommunityBot.Features.Faq;

/// <summary>
/// <c>/faq</c>: finding entries (search, show — everyone) and curating them (edit, delete, confirm, alias, stale,
/// export — moderators, checked server-side per subcommand).
/// </summary>
public sealed class FaqCommand(FaqRepository repository, FaqSearch search, FaqWorkflow workflow, FaqViewer viewer, TimeProvider time) : IApplicationCommand
{
    private const int MaxAttachmentBytes = 8 * 1024 * 1024;

    public ApplicationCommand Definition { get; } = Command.Slash("faq", "Search and manage the community FAQ", AccessLevel.Everyone,
        Option.Sub("search", "Search the FAQ (English or Korean)",
            Option.String("query", "Words from the question", required: true, minLength: 1, maxLength: 200, autocomplete: true)),
        Option.Sub("show", "Show an FAQ entry",
            Option.Integer("id", "Entry number", required: true, min: 1, autocomplete: true),
            Option.Boolean("private", "Only you see it (default: posted in the channel)")),
        Option.Sub("edit", "Moderators: edit an entry's question, answer and tags", Option.Integer("id", "Entry number", required: true, min: 1, autocomplete: true)),
        Option.Sub("delete", "Moderators: delete an entry", Option.Integer("id", "Entry number", required: true, min: 1, autocomplete: true)),
        Option.Sub("confirm", "Moderators: mark an entry as reviewed and still correct", Option.Integer("id", "Entry number", required: true, min: 1, autocomplete: true)),
        Option.Sub("stale", "Moderators: list entries not reviewed for a long time"),
        Option.Sub("export", "Moderators: download the FAQ as a file",
            Option.String("format", "File format", required: true, choices: [ApplicationCommandOptionChoice.Of("Markdown", "markdown"), ApplicationCommandOptionChoice.Of("JSON", "json")])),
        Option.Group("alias", "Moderators: other ways people ask an entry's question",
            Option.Sub("add", "Add an alias", Option.Integer("id", "Entry number", required: true, min: 1, autocomplete: true),
                Option.String("alias", "Another wording of the question", required: true, minLength: 2, maxLength: 150)),
            Option.Sub("remove", "Remove an alias", Option.Integer("id", "Entry number", required: true, min: 1, autocomplete: true),
                Option.String("alias", "The alias to remove", required: true, minLength: 1, maxLength: 150))));

    public bool DeferEphemeral => true;

    public Task ExecuteAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<FaqSettings>("The FAQ");
        return ctx.Options.Subcommand switch
        {
            "search" => SearchAsync(ctx, settings),
            "show" => viewer.ShowAsync(ctx, settings, ctx.Options.RequiredInteger("id", min: 1), !(ctx.Options.Boolean("private") ?? false)),
            "edit" => EditAsync(ctx),
            "delete" => DeleteAsync(ctx),
            "confirm" => ConfirmAsync(ctx),
            "stale" => StaleAsync(ctx, settings),
            "export" => ExportAsync(ctx),
            "alias add" or "alias remove" => AliasAsync(ctx, ctx.Options.Subcommand == "alias add"),
            _ => throw new InteractionRefusedException("Unknown subcommand."),
        };
    }

    public async Task<IEnumerable<ApplicationCommandOptionChoice>> AutocompleteAsync(InteractionContext ctx, InteractionDataOption focused)
    {
        if (ctx.GuildConfig?.Section<FaqSettings>() is null) return [];
        var typed = focused.Value?.ToString() ?? "";
        var hits = await search.SuggestAsync(ctx.GuildId, typed, 25);
        return focused.Name == "query"
            ? hits.Select(h => ApplicationCommandOptionChoice.Of(FaqText.Clip(h.Question, 100), "#" + h.Id.ToString(CultureInfo.InvariantCulture)))
            : hits.Select(h => ApplicationCommandOptionChoice.Of(FaqText.Clip($"#{h.Id} {h.Question}", 100), h.Id));
    }

    private async Task SearchAsync(InteractionContext ctx, FaqSettings settings)
    {
        var query = ctx.Options.RequiredString("query", maxLength: 200);
        // Picking an autocomplete suggestion sends "#id": show that entry.
        if (query.StartsWith('#') && long.TryParse(query[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var picked))
        {
            await viewer.ShowAsync(ctx, settings, picked, inChannel: false);
            return;
        }
        var hits = await search.SearchAsync(ctx.GuildId, query, 10);
        if (hits.Count == 0)
        {
            await ctx.RespondAsync($"No FAQ entry matches “{FaqText.Clip(query, 100)}”. Try fewer or shorter words.");
            return;
        }
        var lines = hits.Select(h => $"**#{h.Id}** {FaqText.Clip(h.Question, 150)}" + (h.Tags.Length > 0 ? $" · `{h.Tags.Replace(",", "`, `")}`" : ""));
        await ctx.RespondAsync(embeds: [new Embed { Title = FaqText.Clip($"FAQ results for “{query}”", 256), Description = string.Join('\n', lines), Color = 0x3B82F6 }],
            components: [FaqCards.ResultPicker(hits)]);
    }

    private async Task EditAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var entry = await LiveEntryAsync(ctx);
        await ctx.ShowModalAsync(CustomId.Create(FaqCards.Feature, "edit", entry.Id), $"Edit FAQ #{entry.Id}",
            Component.LabeledTextInput("question", "Question", TextInputStyles.Short, required: true, minLength: 5, maxLength: SaveAsFaqCommand.MaxQuestion, value: entry.Question),
            Component.LabeledTextInput("answer", "Answer", TextInputStyles.Paragraph, required: true, maxLength: SaveAsFaqCommand.MaxAnswer, value: entry.Answer),
            Component.LabeledTextInput("tags", "Tags", TextInputStyles.Short, required: false, maxLength: SaveAsFaqCommand.MaxTags,
                value: entry.Tags.Length == 0 ? null : entry.Tags.Replace(",", ", ")));
    }

    private async Task DeleteAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var id = ctx.Options.RequiredInteger("id", min: 1);
        if (!await workflow.DeleteAsync(ctx.GuildId, id)) throw new InteractionRefusedException($"There is no FAQ entry #{id} to delete.");
        await ctx.RespondAsync($"🗑️ Deleted FAQ #{id}. It no longer shows in search, nudges or exports.");
    }

    private async Task ConfirmAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var id = ctx.Options.RequiredInteger("id", min: 1);
        if (!await repository.ConfirmAsync(ctx.GuildId, id, ctx.UserId, time.GetUtcNow())) throw new InteractionRefusedException($"There is no published FAQ entry #{id}.");
        await ctx.RespondAsync($"✅ FAQ #{id} marked as reviewed today.");
    }

    private async Task StaleAsync(InteractionContext ctx, FaqSettings settings)
    {
        ctx.Require(AccessLevel.Moderator);
        var now = time.GetUtcNow();
        var stale = await repository.StaleAsync(ctx.GuildId, now.AddDays(-settings.StaleAfterDays), 20);
        if (stale.Count == 0)
        {
            await ctx.RespondAsync($"Nothing is stale: every published entry was reviewed in the last {settings.StaleAfterDays} days.");
            return;
        }
        var lines = stale.Select(e =>
        {
            var since = e.LastReviewed ?? DateTimeOffset.FromUnixTimeMilliseconds(e.CreatedAt);
            return $"**#{e.Id}** {FaqText.Clip(e.Question, 120)} — last reviewed <t:{since.ToUnixTimeSeconds()}:R>";
        });
        await ctx.RespondAsync(embeds: [new Embed
        {
            Title = $"Stale FAQ entries (not reviewed for {settings.StaleAfterDays}+ days)",
            Description = string.Join('\n', lines),
            Footer = new EmbedFooter { Text = "Fix with /faq edit, keep with /faq confirm, retire with /faq delete" },
            Color = 0xF59E0B,
        }]);
    }

    private async Task ExportAsync(InteractionContext ctx)
    {
        ctx.Require(AccessLevel.Moderator);
        var format = ctx.Options.RequiredString("format") switch
        {
            "markdown" => FaqExportFormat.Markdown,
            "json" => FaqExportFormat.Json,
            _ => throw CommandOptions.Refuse("format", "must be markdown or json"),
        };
        var entries = await repository.PublishedAsync(ctx.GuildId);
        var bytes = FaqExporter.Export(entries, format);
        if (bytes.Length > MaxAttachmentBytes)
            throw new InteractionRefusedException($"The export is {bytes.Length / 1024 / 1024} MB, too big to attach. Use the command line: `dotnet run --project src/CommunityBot -- faq export --guild {ctx.GuildId} --format {format.ToString().ToLowerInvariant()}`.");
        await ctx.RespondAsync($"FAQ export: {entries.Count} published entries.",
            files: [new FileUpload(FaqExporter.FileName(ctx.GuildId, format), bytes, format == FaqExportFormat.Json ? "application/json" : "text/markdown")]);
    }

    private async Task AliasAsync(InteractionContext ctx, bool add)
    {
        ctx.Require(AccessLevel.Moderator);
        var id = ctx.Options.RequiredInteger("id", min: 1);
        var alias = ctx.Options.RequiredString("alias", maxLength: 150);
        if (await repository.GetAsync(ctx.GuildId, id) is not { Status: FaqStatus.Proposed or FaqStatus.Published })
            throw new InteractionRefusedException($"There is no FAQ entry #{id}.");
        var changed = await workflow.ChangeAliasAsync(ctx.GuildId, id, alias, add);
        await ctx.RespondAsync((add, changed) switch
        {
            (true, true) => $"Added the alias “{alias}” to FAQ #{id}; search and nudges now find it that way too.",
            (true, false) => $"FAQ #{id} already has the alias “{alias}”.",
            (false, true) => $"Removed the alias “{alias}” from FAQ #{id}.",
            _ => $"FAQ #{id} has no alias “{alias}”.",
        });
    }

    private async Task<FaqEntry> LiveEntryAsync(InteractionContext ctx)
    {
        var id = ctx.Options.RequiredInteger("id", min: 1);
        return await repository.GetAsync(ctx.GuildId, id) is { Status: FaqStatus.Proposed or FaqStatus.Published } entry
            ? entry
            : throw new InteractionRefusedException($"There is no FAQ entry #{id}.");
    }
}
