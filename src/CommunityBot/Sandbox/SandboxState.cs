using System.Text.Json;
using CommunityBot.StandIn;

namespace CommunityBot.Sandbox;

/// <summary>Builds the page's view of the server for one persona: ephemeral messages only for the person who got them.</summary>
internal static class SandboxState
{
    private const int MessagesPerChannel = 150;
    private const int LoadingFlag = 1 << 7;

    public static StateView Build(SandboxRuntime sandbox, string persona)
    {
        var standIn = sandbox.StandIn;
        var guildId = sandbox.Community.GuildId;
        var viewer = sandbox.PersonaId(persona);
        var names = new Dictionary<ulong, string> { [standIn.BotUser.Id] = standIn.BotUser.Username };
        foreach (var p in sandbox.Personas)
            if (sandbox.PersonaId(p) is { } id) names[id] = p;

        var roles = standIn.Roles(guildId).Where(r => r.Id != guildId && !r.Managed).OrderByDescending(r => r.Position).ToList();
        var roleNames = roles.ToDictionary(r => r.Id, r => r.Name);
        var members = standIn.Members(guildId).ToDictionary(m => m.UserId);
        var personas = sandbox.Personas.Select(p =>
        {
            var id = sandbox.PersonaId(p)!.Value;
            var member = members.GetValueOrDefault(id);
            return new PersonaView(p, id, member is not null,
                member?.Roles.Select(r => roleNames.GetValueOrDefault(r)).OfType<string>().ToList() ?? []);
        }).ToList();

        var interactions = standIn.Interactions.ToDictionary(i => i.Id);
        var channels = standIn.Channels(guildId)
            .Where(c => c.Type is ChannelKinds.GuildText or ChannelKinds.GuildAnnouncement or ChannelKinds.PublicThread)
            .Select(c => new ChannelView(c.Id, c.Name, Visible(standIn.Messages(c.Id), viewer).TakeLast(MessagesPerChannel)
                .Select(m => View(standIn, m, viewer, names, interactions)).ToList()))
            .ToList();
        var dms = viewer is { } v
            ? standIn.DmsTo(v).TakeLast(MessagesPerChannel).Select(m => View(standIn, m, viewer, names, interactions)).ToList()
            : [];

        var commands = standIn.RegisteredCommands(guildId).Concat(standIn.RegisteredCommands(null))
            .Select(c => new CommandView(c.Name, c.Type, Text(c.Definition, "description") ?? "", c.Definition))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        var config = sandbox.Config.Current;
        return new StateView(
            "Sandbox Community", guildId, persona, viewer, standIn.BotUser.Username, standIn.BotUser.Id,
            personas, channels, roles.Select(r => new RoleView(r.Id, r.Name)).ToList(),
            names.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value),
            commands, dms,
            new ConfigView(sandbox.ConfigPath, config.Version, config.LastEditAccepted, config.At, config.Errors.Select(e => e.ToString()).ToList()));
    }

    private static IEnumerable<StandInMessage> Visible(IEnumerable<StandInMessage> messages, ulong? viewer) =>
        messages.Where(m => m.VisibleOnlyTo is null || m.VisibleOnlyTo == viewer);

    private static MessageView View(DiscordStandIn standIn, StandInMessage m, ulong? viewer, Dictionary<ulong, string> names,
        Dictionary<ulong, InteractionHandle> interactions)
    {
        ReplyView? reply = null;
        if (m.ReplyToMessageId is { } replyId && standIn.GetMessage(replyId) is { } target)
            reply = new ReplyView(target.Id, Name(names, target.AuthorId), target.Deleted ? "(deleted)" : Snippet(target.Content));

        string? used = null;
        if (m.InteractionId is { } iid && interactions.TryGetValue(iid, out var interaction) && interaction.Type == 2)
            used = $"{Name(names, interaction.UserId)} used /{CommandName(interaction.Payload)}";

        PollView? poll = m.Poll is { } p
            ? new PollView(p.Question, p.Answers.Select(a => new PollAnswerView(a.AnswerId, a.Text, a.Emoji, a.Voters.Count, viewer is { } v && a.Voters.Contains(v))).ToList(),
                p.AllowMultiselect, p.Finalized, p.Expiry)
            : null;

        return new MessageView(
            m.Id, m.ChannelId, m.AuthorId, Name(names, m.AuthorId), m.AuthorId == standIn.BotUser.Id || m.WebhookId is not null,
            m.Content, m.Timestamp, m.EditedTimestamp is not null, m.IsEphemeral, (m.Flags & LoadingFlag) != 0, used, reply,
            m.Embeds, m.Components,
            m.Reactions.Where(r => r.Value.Count > 0).Select(r => new ReactionView(r.Key, r.Value.Count, viewer is { } v && r.Value.Contains(v))).ToList(),
            poll, m.Attachments.Select(a => a.Filename).ToList());
    }

    private static string Name(Dictionary<ulong, string> names, ulong id) => names.GetValueOrDefault(id) ?? $"user {id}";

    private static string Snippet(string content) => content.Length <= 80 ? content : content[..79] + "…";

    private static string CommandName(JsonElement payload) =>
        payload.TryGetProperty("data", out var data) ? Text(data, "name") ?? "?" : "?";

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
