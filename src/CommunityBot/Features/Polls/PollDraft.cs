using CommunityBot.Interactions;

namespace CommunityBot.Features.Polls;

/// <summary>
/// A validated <c>/poll create</c>: every rule below is a Discord limit or a poll rule, and every refusal names the
/// option at fault. Options arrive as one string separated by <c>|</c> (or by <c>;</c> when the text has no <c>|</c>,
/// so an answer may contain a semicolon).
/// </summary>
public sealed record PollDraft(
    string Question,
    IReadOnlyList<string> Options,
    int MaxPicks,
    bool Anonymous,
    bool HideResults,
    ulong? VoterRoleId,
    PollLayout Layout,
    TimeSpan Duration)
{
    public const int MinOptions = 2;
    public const int MaxOptions = 20;
    /// <summary>Discord's native poll question limit; we use it for every poll so switching to native never breaks.</summary>
    public const int MaxQuestionLength = 300;
    /// <summary>A button label holds 80 characters (a select option 100, so buttons are the tighter limit).</summary>
    public const int MaxOptionLength = 80;
    public const int MaxNativeOptions = 10;
    public const int MaxNativeOptionLength = 55;
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    /// <summary>Native polls run whole hours, 1 to 768 (32 days).</summary>
    public const int MaxNativeHours = 768;

    public static IReadOnlyList<string> SplitOptions(string text)
    {
        var separator = text.Contains('|') ? '|' : ';';
        return text.Split(separator).Select(o => o.Trim()).Where(o => o.Length > 0).ToList();
    }

    public static PollDraft From(CommandOptions options, PollSettings settings)
    {
        var question = options.RequiredString("question", MaxQuestionLength);
        var answers = SplitOptions(options.RequiredString("options"));
        if (answers.Count < MinOptions) throw CommandOptions.Refuse("options", $"needs at least {MinOptions} answers separated by | (found {answers.Count})");
        if (answers.Count > MaxOptions) throw CommandOptions.Refuse("options", $"allows at most {MaxOptions} answers (found {answers.Count})");
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i].Length > MaxOptionLength)
                throw CommandOptions.Refuse("options", $"answer {i + 1} must be at most {MaxOptionLength} characters, the length of a button label (it has {answers[i].Length})");
            for (var j = 0; j < i; j++)
                if (string.Equals(answers[i], answers[j], StringComparison.OrdinalIgnoreCase))
                    throw CommandOptions.Refuse("options", $"answer {i + 1} repeats answer {j + 1} (\"{answers[j]}\")");
        }

        var maxPicks = (int)(options.Integer("max_picks", 1, MaxOptions) ?? 1);
        if (maxPicks > answers.Count) throw CommandOptions.Refuse("max_picks", $"must be at most the number of answers ({answers.Count})");

        var duration = TimeSpan.FromHours(settings.DefaultDurationHours);
        if (options.String("duration") is { Length: > 0 } durationText && !DurationText.TryParse(durationText, out duration))
            throw CommandOptions.Refuse("duration", "must look like 30m, 6h, 2d, 1w or 1d12h");
        var maxDuration = TimeSpan.FromDays(settings.MaxDurationDays);
        if (duration < MinDuration) throw CommandOptions.Refuse("duration", "must be at least 1 minute");
        if (duration > maxDuration) throw CommandOptions.Refuse("duration", $"must be at most {settings.MaxDurationDays} days on this server");

        var anonymous = options.Boolean("anonymous") ?? false;
        var hideResults = options.Boolean("hide_results") ?? false;
        var role = options.Snowflake("role");
        var native = options.Boolean("native") ?? false;
        var style = options.String("style");
        var layout = native ? PollLayout.Native : maxPicks > 1 || style == "select" ? PollLayout.Select : PollLayout.Buttons;

        var draft = new PollDraft(question, answers, maxPicks, anonymous, hideResults, role, layout, duration);
        if (native) draft.CheckNative();
        return draft;
    }

    /// <summary>Native Discord polls show voters, show results live and cannot be restricted to a role or limited to N picks.</summary>
    private void CheckNative()
    {
        if (Anonymous) throw CommandOptions.Refuse("native", "cannot be combined with anonymous: Discord shows who voted in its own polls");
        if (HideResults) throw CommandOptions.Refuse("native", "cannot be combined with hide_results: Discord shows results to everyone who voted");
        if (VoterRoleId is not null) throw CommandOptions.Refuse("native", "cannot be combined with role: Discord lets every member vote in its own polls");
        if (Options.Count > MaxNativeOptions) throw CommandOptions.Refuse("options", $"allows at most {MaxNativeOptions} answers in a native poll (found {Options.Count})");
        for (var i = 0; i < Options.Count; i++)
            if (Options[i].Length > MaxNativeOptionLength)
                throw CommandOptions.Refuse("options", $"answer {i + 1} must be at most {MaxNativeOptionLength} characters in a native poll (it has {Options[i].Length})");
        if (MaxPicks > 1 && MaxPicks < Options.Count)
            throw CommandOptions.Refuse("max_picks", $"must be 1 or {Options.Count} (every answer) in a native poll: Discord cannot limit the number of picks");
        if (Duration.TotalHours > MaxNativeHours) throw CommandOptions.Refuse("duration", $"must be at most {MaxNativeHours} hours in a native poll");
    }

    /// <summary>Native polls run whole hours; shorter or uneven durations round up.</summary>
    public int NativeHours => Math.Clamp((int)Math.Ceiling(Duration.TotalHours), 1, MaxNativeHours);

    public TimeSpan EffectiveDuration => Layout == PollLayout.Native ? TimeSpan.FromHours(NativeHours) : Duration;
}
