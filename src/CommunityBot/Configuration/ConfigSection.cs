using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Configuration;

/// <summary>A feature's settings section in each guild of <c>community.json</c>: its key and how to check it.</summary>
public sealed record ConfigSection(string Key, Type SettingsType, Action<object, ConfigValidationContext> Validate);

public static class ConfigSectionServiceCollectionExtensions
{
    /// <summary>
    /// Declares the section <paramref name="key"/> (e.g. "onboarding") as <typeparamref name="T"/>. The loader
    /// deserialises it strictly (unknown keys are errors) and then runs <paramref name="validate"/> for the
    /// checks a schema cannot express (templates, regexes, cross-references).
    /// </summary>
    public static IServiceCollection AddConfigSection<T>(this IServiceCollection services, string key, Action<T, ConfigValidationContext>? validate = null)
        where T : class =>
        services.AddSingleton(new ConfigSection(key, typeof(T), (o, ctx) => validate?.Invoke((T)o, ctx)));
}
