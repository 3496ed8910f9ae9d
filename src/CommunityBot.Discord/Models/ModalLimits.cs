namespace CommunityBot.Discord.Models;

/// <summary>
/// RR § Modal: a modal's <c>custom_id</c> is 1–100 characters, its title at most 45, and it holds 1–5 top-level
/// components. Checked before the callback leaves, because a refused callback cannot be sent again in time.
/// </summary>
public static class ModalLimits
{
    public const int MaxCustomId = 100;
    public const int MaxTitle = 45;
    public const int MaxComponents = 5;

    /// <summary>The title cut to <see cref="MaxTitle"/> UTF-16 units, never between the two halves of an emoji.</summary>
    public static string ClipTitle(string title)
    {
        if (title.Length <= MaxTitle) return title;
        return title[..(char.IsHighSurrogate(title[MaxTitle - 1]) ? MaxTitle - 1 : MaxTitle)];
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming what is out of bounds; responses that are not modals pass.</summary>
    public static void Validate(InteractionResponse response)
    {
        if (response.Type != InteractionCallbackTypes.Modal) return;
        var data = response.Data ?? throw new ArgumentException("A modal response needs data (custom_id, title, components).", nameof(response));
        if (data.CustomId is not { Length: >= 1 and <= MaxCustomId })
            throw new ArgumentException($"The modal's custom_id must be 1–{MaxCustomId} characters (has {data.CustomId?.Length ?? 0}).", nameof(response));
        var title = data.Title?.EnumerateRunes().Count() ?? 0;
        if (title is 0 or > MaxTitle)
            throw new ArgumentException($"The modal's title must be 1–{MaxTitle} characters (has {title}).", nameof(response));
        var components = data.Components?.Length ?? 0;
        if (components is 0 or > MaxComponents)
            throw new ArgumentException($"A modal holds 1–{MaxComponents} components (has {components}).", nameof(response));
    }
}
