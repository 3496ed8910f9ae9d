using System.Globalization;
using System.Text;

namespace CommunityBot.Features.Onboarding;

/// <summary>Which variables a template may use: member templates know who joined, guild templates (the rules) do not.</summary>
public enum TemplateScope { Member, Guild }

/// <summary>What a template is filled with. Channel names resolve through <c>onboarding.channels</c>.</summary>
public sealed record TemplateValues(string ServerName, IReadOnlyDictionary<string, ulong> Channels)
{
    public ulong? MemberId { get; init; }
    public string? MemberName { get; init; }
    public int? MemberCount { get; init; }
}

/// <summary>
/// Admin-written text with <c>{variables}</c>: <c>{user}</c> (mention), <c>{user.name}</c>, <c>{server}</c>,
/// <c>{memberCount}</c>, and <c>{channel:name}</c> or <c>{channel:123…}</c> links. <c>{{</c> and <c>}}</c> are
/// literal braces. Templates are checked when the config loads, so a typo is refused with its path instead of
/// being posted to a newcomer.
/// </summary>
public static class OnboardingTemplate
{
    public static readonly string[] MemberVariables = ["{user}", "{user.name}", "{server}", "{memberCount}", "{channel:<name>}"];

    /// <summary>Every problem in <paramref name="template"/>, worded for the config error log.</summary>
    public static IEnumerable<string> Problems(string template, TemplateScope scope, IReadOnlyDictionary<string, ulong> channels)
    {
        foreach (var token in Tokens(template))
        {
            if (token.Error is { } error)
            {
                yield return error;
                continue;
            }
            if (token.Variable is not { } name) continue;
            if (name.StartsWith("channel:", StringComparison.Ordinal))
            {
                var channel = name["channel:".Length..];
                if (!channels.ContainsKey(channel) && !IsSnowflake(channel))
                    yield return $"unknown channel '{channel}' in {{{name}}}: add it to onboarding.channels or use a channel id " +
                                 $"(known: {(channels.Count == 0 ? "none" : string.Join(", ", channels.Keys.Order(StringComparer.Ordinal)))})";
                continue;
            }
            if (name is "server") continue;
            if (name is "user" or "user.name" or "memberCount")
            {
                if (scope == TemplateScope.Guild) yield return $"{{{name}}} is not available here: this text is not about one member";
                continue;
            }
            yield return $"unknown variable {{{name}}} (known: {string.Join(", ", scope == TemplateScope.Member ? MemberVariables : ["{server}", "{channel:<name>}"])})";
        }
    }

    /// <summary>Fills a template that passed <see cref="Problems"/>; anything unresolvable is left as written.</summary>
    public static string Render(string template, TemplateValues values)
    {
        var text = new StringBuilder(template.Length + 64);
        foreach (var token in Tokens(template))
        {
            if (token.Literal is { } literal) text.Append(literal);
            else if (token.Variable is { } name) text.Append(Resolve(name, values) ?? "{" + name + "}");
            else text.Append(token.Raw);
        }
        return text.ToString();
    }

    private static string? Resolve(string name, TemplateValues values)
    {
        if (name.StartsWith("channel:", StringComparison.Ordinal))
        {
            var channel = name["channel:".Length..];
            if (values.Channels.TryGetValue(channel, out var id)) return $"<#{id}>";
            return IsSnowflake(channel) ? $"<#{channel}>" : null;
        }
        return name switch
        {
            "user" => values.MemberId is { } id ? $"<@{id}>" : null,
            "user.name" => values.MemberName is { } n ? EscapeMarkdown(n) : null,
            "server" => EscapeMarkdown(values.ServerName),
            "memberCount" => values.MemberCount?.ToString("N0", CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>Names are chosen by members: shown as written, never as formatting.</summary>
    public static string EscapeMarkdown(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '#' or '[' or ']') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    private static bool IsSnowflake(string text) => text.Length is > 0 and <= 20 && text.All(char.IsAsciiDigit);

    private readonly record struct Token(string? Literal, string? Variable, string? Error, string Raw);

    private static IEnumerable<Token> Tokens(string template)
    {
        var i = 0;
        var literal = new StringBuilder();
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { literal.Append('{'); i += 2; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { literal.Append('}'); i += 2; continue; }
            if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                var nextOpen = template.IndexOf('{', i + 1);
                if (literal.Length > 0) { yield return new Token(literal.ToString(), null, null, ""); literal.Clear(); }
                if (end < 0 || (nextOpen >= 0 && nextOpen < end))
                {
                    yield return new Token(null, null, $"'{{' at position {i + 1} is never closed (write {{{{ for a literal brace)", "{");
                    i++;
                    continue;
                }
                var name = template[(i + 1)..end].Trim();
                yield return name.Length == 0
                    ? new Token(null, null, $"empty variable {{}} at position {i + 1}", "{}")
                    : new Token(null, name, null, template[i..(end + 1)]);
                i = end + 1;
                continue;
            }
            if (c == '}')
            {
                if (literal.Length > 0) { yield return new Token(literal.ToString(), null, null, ""); literal.Clear(); }
                yield return new Token(null, null, $"'}}' at position {i + 1} has no matching '{{' (write }}}} for a literal brace)", "}");
                i++;
                continue;
            }
            literal.Append(c);
            i++;
        }
        if (literal.Length > 0) yield return new Token(literal.ToString(), null, null, "");
    }
}
