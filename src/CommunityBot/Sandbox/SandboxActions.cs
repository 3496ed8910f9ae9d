using CommunityBot.StandIn;

namespace CommunityBot.Sandbox;

/// <summary>
/// The page's buttons, each acting as a persona through the stand-in exactly as Discord's client would: the bot
/// receives the same gateway events and interactions it would get from real members.
/// </summary>
internal sealed class SandboxActions(SandboxRuntime sandbox)
{
    /// <summary>Discord gives the bot 3 s to acknowledge; a little slack covers the loopback hop.</summary>
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(3.5);

    private DiscordStandIn StandIn => sandbox.StandIn;
    private ulong GuildId => sandbox.Community.GuildId;

    public async Task<ActionResult> PostAsync(PostRequest r)
    {
        var content = Required(r.Content, "message");
        if (content.Length > 2000) return Fail("A message can be at most 2000 characters.");
        await StandIn.PostMessageAsync(GuildId, r.ChannelId, Person(r.Persona), content, r.ReplyTo);
        return new ActionResult(true);
    }

    public async Task<ActionResult> DirectMessageAsync(DirectMessageRequest r)
    {
        var content = Required(r.Content, "message");
        if (content.Length > 2000) return Fail("A message can be at most 2000 characters.");
        await StandIn.PostDirectMessageAsync(Person(r.Persona), content);
        return new ActionResult(true);
    }

    public async Task<ActionResult> ReactAsync(ReactRequest r)
    {
        var emoji = Required(r.Emoji, "emoji");
        if (r.Remove) await StandIn.RemoveReactionAsync(GuildId, r.ChannelId, r.MessageId, Person(r.Persona), emoji);
        else await StandIn.AddReactionAsync(GuildId, r.ChannelId, r.MessageId, Person(r.Persona), emoji);
        return new ActionResult(true);
    }

    public async Task<ActionResult> VotePollAsync(PollVoteRequest r)
    {
        if (r.Remove) await StandIn.RemovePollVoteAsync(r.ChannelId, r.MessageId, Person(r.Persona), r.AnswerId);
        else await StandIn.VotePollAsync(r.ChannelId, r.MessageId, Person(r.Persona), r.AnswerId);
        return new ActionResult(true);
    }

    public async Task<ActionResult> JoinAsync(PersonaRequest r)
    {
        var id = Person(r.Persona);
        if (StandIn.Member(GuildId, id) is not null) return Fail($"{r.Persona} is already a member.");
        await StandIn.MemberJoinAsync(GuildId, id);
        return new ActionResult(true);
    }

    public async Task<ActionResult> LeaveAsync(PersonaRequest r)
    {
        var id = Person(r.Persona);
        if (StandIn.Member(GuildId, id) is null) return Fail($"{r.Persona} is not a member.");
        if (id == sandbox.Community.Person("owner")) return Fail("The owner cannot leave their own server.");
        await StandIn.MemberLeaveAsync(GuildId, id);
        return new ActionResult(true);
    }

    public async Task<ActionResult> NewPersonAsync(PersonaRequest r)
    {
        var id = sandbox.CreatePersona(Required(r.Persona, "name"));
        await StandIn.MemberJoinAsync(GuildId, id);
        return new ActionResult(true);
    }

    public async Task<ActionResult> SlashAsync(SlashRequest r) =>
        await AnswerOf(await StandIn.InvokeSlashCommandAsync(GuildId, r.ChannelId, Person(r.Persona), Required(r.Command, "command"), Options(r)));

    public async Task<ActionResult> AutocompleteAsync(SlashRequest r)
    {
        var options = Options(r) ?? throw new ArgumentException("Autocomplete needs the option being typed.");
        var handle = await StandIn.InvokeAutocompleteAsync(GuildId, r.ChannelId, Person(r.Persona), Required(r.Command, "command"), options);
        var answer = await Wait(handle);
        return answer is { Type: 8, Data: { } data } && data.TryGetProperty("choices", out var choices)
            ? new ActionResult(true, Choices: choices)
            : Fail("The bot offered no suggestions.");
    }

    public async Task<ActionResult> MessageCommandAsync(MessageCommandRequest r) =>
        await AnswerOf(await StandIn.InvokeMessageCommandAsync(GuildId, r.ChannelId, Person(r.Persona), Required(r.Command, "command"), r.MessageId));

    public async Task<ActionResult> ButtonAsync(ButtonRequest r) =>
        await AnswerOf(await StandIn.ClickButtonAsync(GuildOf(r.ChannelId), r.ChannelId, Person(r.Persona), r.MessageId, Required(r.CustomId, "custom_id")));

    public async Task<ActionResult> SelectAsync(SelectRequest r) =>
        await AnswerOf(await StandIn.SelectAsync(GuildOf(r.ChannelId), r.ChannelId, Person(r.Persona), r.MessageId, Required(r.CustomId, "custom_id"), [.. r.Values ?? []]));

    public async Task<ActionResult> ModalAsync(ModalRequest r) =>
        await AnswerOf(await StandIn.SubmitModalAsync(GuildOf(r.ChannelId), r.ChannelId, Person(r.Persona), Required(r.CustomId, "custom_id"),
            r.Fields ?? new Dictionary<string, string>(), r.MessageId));

    private static async Task<ActionResult> AnswerOf(InteractionHandle handle)
    {
        var answer = await Wait(handle);
        if (answer is null) return Fail("The bot did not answer within 3 seconds; Discord would say \"The application did not respond\".");
        return answer.Type == 9 ? new ActionResult(true, Modal: answer.Data, ModalMessageId: handle.SourceMessageId) : new ActionResult(true);
    }

    private static async Task<InteractionCallback?> Wait(InteractionHandle handle)
    {
        try { return await handle.WaitForResponseAsync(AnswerWait); }
        catch (TimeoutException) { return null; }
    }

    private static SlashOption? Options(SlashRequest r)
    {
        var path = r.Path ?? [];
        if (path.Count > 2) throw new ArgumentException("A command has at most a group and a subcommand.");
        var leaf = path.Count == 0 ? new SlashOption() : new SlashOption(path[^1]);
        var any = path.Count > 0;
        foreach (var option in r.Options ?? [])
        {
            if (string.IsNullOrEmpty(option.Name)) continue;
            // An empty optional field is left out, as Discord's client does; the focused one is sent even when empty.
            if (string.IsNullOrEmpty(option.Value) && !option.Focused) continue;
            leaf.With(option.Name, option.Value ?? "", option.Focused);
            any = true;
        }
        if (!any) return null;
        return path.Count == 2 ? new SlashOption(path[0], leaf) : leaf;
    }

    /// <summary>Components also sit on the bot's DMs (an appeal button); there the interaction has no guild.</summary>
    private ulong? GuildOf(ulong channelId) => StandIn.GetChannel(channelId) is { } channel ? channel.GuildId : GuildId;

    private ulong Person(string persona) =>
        sandbox.PersonaId(persona ?? "") ?? throw new ArgumentException($"There is no persona called '{persona}'.");

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"The {what} is empty.") : value;

    private static ActionResult Fail(string error) => new(false, error);
}
