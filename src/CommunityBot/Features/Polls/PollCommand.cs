using System.Globalization;
using CommunityBot.Discord.Models;
using CommunityBot.Discord.Rest;
using CommunityBot.Interactions;
using CommunityBot.Jobs;
using Microsoft.Extensions.Logging;

namespace CommunityBot.Features.Polls;

/// <summary><c>/poll create | close | results | export</c>.</summary>
public sealed class PollCommand(
    PollRepository polls,
    PollCloser closer,
    IDiscordRestClient rest,
    IJobScheduler jobs,
    TimeProvider time,
    ILogger<PollCommand> logger) : IApplicationCommand
{
    public ApplicationCommand Definition { get; } = Command.Slash("poll", "Ask the community a question", AccessLevel.Everyone,
        Option.Sub("create", "Post a poll in this channel",
            Option.String("question", "What you are asking (up to 300 characters)", required: true, maxLength: PollDraft.MaxQuestionLength),
            Option.String("options", "2–20 answers separated by | (or ;), e.g. Pizza | Tacos | Sushi", required: true, maxLength: 2000),
            Option.Integer("max_picks", "How many answers a member may pick (default 1; more than 1 uses a menu)", min: 1, max: PollDraft.MaxOptions),
            Option.Boolean("anonymous", "Hide who voted for what (default: public)"),
            Option.Boolean("hide_results", "Show results only when the poll closes (default: live)"),
            Option.String("duration", "How long it runs, e.g. 30m, 6h, 2d, 1d12h (default from the server config)", maxLength: 20),
            Option.Role("role", "Only members with this role may vote"),
            Option.String("style", "Buttons (default, single choice) or a select menu", choices:
            [
                ApplicationCommandOptionChoice.Of("buttons", "buttons"),
                ApplicationCommandOptionChoice.Of("select menu", "select"),
            ]),
            Option.Boolean("native", "Use Discord's own poll (public, live, up to 10 answers of 55 characters)")),
        Option.Sub("close", "Close a poll now and show its final results",
            Option.Integer("id", "The poll number (shown on the poll)", required: true, min: 1)),
        Option.Sub("results", "Show a poll's results (hidden results only after it closes)",
            Option.Integer("id", "The poll number (shown on the poll)", required: true, min: 1)),
        Option.Sub("export", "Download a poll's votes as CSV (anonymous polls without voter ids)",
            Option.Integer("id", "The poll number (shown on the poll)", required: true, min: 1)));

    public Task ExecuteAsync(InteractionContext ctx) => ctx.Options.Subcommand switch
    {
        "create" => CreateAsync(ctx),
        "close" => CloseAsync(ctx),
        "results" => ResultsAsync(ctx),
        "export" => ExportAsync(ctx),
        _ => throw new InteractionRefusedException("Unknown /poll subcommand."),
    };

    private async Task CreateAsync(InteractionContext ctx)
    {
        var settings = ctx.Section<PollSettings>("Polls");
        ctx.Require(settings.CreateAccess);
        var draft = PollDraft.From(ctx.Options, settings);
        var now = time.GetUtcNow();
        var pollId = await polls.CreateAsync(draft, ctx.GuildId, ctx.ChannelId, ctx.UserId, ctx.Interaction.Id, now);
        if (pollId is not { } id)
        {
            await ctx.RespondAsync("This poll was already created.");
            return;
        }
        var poll = (await polls.GetAsync(id))!;

        Message message;
        try
        {
            message = await rest.CreateMessageAsync(ctx.ChannelId, draft.Layout == PollLayout.Native
                ? new CreateMessageRequest { Poll = PollCard.Native(draft), Nonce = $"poll-{id}", EnforceNonce = true }
                : new CreateMessageRequest { Embeds = [PollCard.Render(poll, PollTally.Empty)], Components = PollCard.Controls(poll), Nonce = $"poll-{id}", EnforceNonce = true });
        }
        catch (DiscordRestException ex)
        {
            logger.LogWarning(ex, "Could not post poll {PollId} in channel {ChannelId}", id, ctx.ChannelId);
            await polls.DeleteAsync(id);
            throw new InteractionRefusedException("I could not post the poll in this channel. Check that I may send messages and embeds here.");
        }
        await polls.SetMessageAsync(id, message.Id);
        await jobs.ScheduleAsync(PollCloser.JobKind, PollCloser.JobKey(id), poll.ClosesAt, guildId: ctx.GuildId);
        await ctx.RespondAsync($"Poll #{id} is up. It closes <t:{poll.ClosesAt.ToUnixTimeSeconds()}:R>; `/poll close id:{id}` ends it early, " +
                               $"`/poll results id:{id}` and `/poll export id:{id}` show the votes.");
    }

    private async Task CloseAsync(InteractionContext ctx)
    {
        var poll = await FindAsync(ctx);
        if (poll.CreatorId != ctx.UserId) ctx.Require(AccessLevel.Moderator);
        if (poll.IsClosed) throw new InteractionRefusedException($"Poll #{poll.Id} is already closed.");
        await closer.CloseAsync(poll.Id, ctx.UserId);
        await ctx.RespondAsync($"Poll #{poll.Id} is closed; its message now shows the final results.");
    }

    private async Task ResultsAsync(InteractionContext ctx)
    {
        var poll = await FindAsync(ctx);
        if (!poll.ResultsVisible && !ctx.IsModerator)
            throw new InteractionRefusedException($"The results of poll #{poll.Id} are hidden until it closes <t:{poll.ClosesAt.ToUnixTimeSeconds()}:R>.");
        var tally = await polls.TallyAsync(poll.Id);
        var shown = poll.ResultsVisible ? poll : poll with { HideResults = false };
        var embeds = new List<Embed> { PollCard.Render(shown, tally) };
        if (!poll.Anonymous)
            embeds.Add(Voters(poll, await polls.VotesAsync(poll.Id), EmbedBudget - Length(embeds[0])));
        await ctx.RespondAsync(poll.ResultsVisible ? null : "🙈 Moderator preview: members cannot see these results until the poll closes.", embeds: [.. embeds]);
    }

    private async Task ExportAsync(InteractionContext ctx)
    {
        var poll = await FindAsync(ctx);
        if (poll.CreatorId != ctx.UserId) ctx.Require(AccessLevel.Moderator);
        if (!poll.ResultsVisible && !ctx.IsModerator)
            throw new InteractionRefusedException($"The votes of poll #{poll.Id} are hidden until it closes.");
        var csv = PollExport.ToCsv(poll, await polls.VotesAsync(poll.Id));
        await ctx.RespondAsync($"Votes of poll #{poll.Id}{(poll.Anonymous ? " (anonymous: no voter ids)" : "")}.",
            files: [new FileUpload($"poll-{poll.Id}-votes.csv", csv, "text/csv")]);
    }

    private async Task<Poll> FindAsync(InteractionContext ctx)
    {
        var id = ctx.Options.RequiredInteger("id", min: 1);
        var poll = await polls.GetAsync(id);
        if (poll is null || poll.GuildId != ctx.GuildId) throw new InteractionRefusedException($"There is no poll #{id} on this server.");
        return poll;
    }

    /// <summary>Who voted for what, for public polls: mentions inside an embed (never pings), cut to the field limits.</summary>
    private static Embed Voters(Poll poll, IReadOnlyList<PollVote> votes, int budget)
    {
        var fields = new List<EmbedField>();
        var byOption = Enumerable.Range(1, poll.Options.Count)
            .Select(p => (Position: p, Voters: votes.Where(v => v.Position == p).Select(v => $"<@{v.VoterId.ToString(CultureInfo.InvariantCulture)}>").ToList()))
            .Where(o => o.Voters.Count > 0).ToList();
        // Embeds in one message share 6,000 characters; split what is left fairly between the answers.
        var perField = byOption.Count == 0 ? 0 : Math.Min(1024, budget / byOption.Count - 100);
        foreach (var (position, voters) in byOption)
            fields.Add(new EmbedField { Name = Cut($"{position}. {poll.Options[position - 1]}", 90), Value = JoinWithin(voters, Math.Max(40, perField)) });
        return new Embed { Title = $"Who voted · poll #{poll.Id}", Description = fields.Count == 0 ? "Nobody has voted yet." : null, Fields = [.. fields] };
    }

    private static string JoinWithin(IReadOnlyList<string> items, int limit)
    {
        var text = "";
        for (var i = 0; i < items.Count; i++)
        {
            var more = $" … and {items.Count - i} more";
            var next = text.Length == 0 ? items[i] : text + " " + items[i];
            if (next.Length + (i < items.Count - 1 ? more.Length : 0) > limit) return text + more;
            text = next;
        }
        return text;
    }

    private const int EmbedBudget = 5900;

    private static int Length(Embed embed) => (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
