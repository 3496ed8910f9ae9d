using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommunityBot.Discord.Json;
using CommunityBot.Discord.Json.Wire;

namespace CommunityBot.Tests.Discord;

/// <summary>
/// The hand-written gateway readers must produce what the source-generated contracts produce: both results
/// are written back with the contract and compared as text (records holding arrays do not compare by value).
/// One documented difference is normalised away first: the contracts build these init-only records through
/// their constructor path, so a field that is absent (or null) comes out as the CLR default (null arrays,
/// <c>version</c> 0), while the hand-written readers keep the model's declared default (<c>[]</c>, 1).
/// </summary>
internal static class WireParity
{
    private static readonly DiscordJsonContext Contracts = DiscordJsonContext.Default;

    /// <summary>Checks the dispatch's <c>d</c> when its event has a hand-written reader; returns whether it had one.</summary>
    public static bool AssertSameAsContract(string eventName, ReadOnlySpan<byte> data) => eventName switch
    {
        "MESSAGE_CREATE" or "MESSAGE_UPDATE" => Same(data, MessageReader.Message, Contracts.Message),
        "GUILD_MEMBER_ADD" or "GUILD_MEMBER_UPDATE" => Same(data, static (ref Utf8JsonReader r) => MemberReaders.Member(ref r, out _), Contracts.GuildMember),
        "INTERACTION_CREATE" => Same(data, InteractionReader.Interaction, Contracts.Interaction),
        _ => false,
    };

    public static T ReadByHand<T>(ReadOnlySpan<byte> data, ValueReader<T> read)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        var value = read(ref reader);
        Assert.That(reader.BytesConsumed, Is.EqualTo(data.TrimEnd(" \r\n"u8).Length), "the reader must stop on the value's last token");
        return value;
    }

    public static bool Same<T>(ReadOnlySpan<byte> data, ValueReader<T> read, JsonTypeInfo<T> contract)
    {
        var byHand = JsonSerializer.Serialize(ReadByHand(data, read), contract);
        var byContract = JsonSerializer.Serialize((T)WithModelDefaults(JsonSerializer.Deserialize(data, contract)!), contract);
        Assert.That(byHand, Is.EqualTo(byContract), $"hand-written {typeof(T).Name} reader disagrees with the source-generated contract");
        return true;
    }

    /// <summary>Replaces, throughout the graph, every property left at its CLR default by the model's declared default.</summary>
    private static object WithModelDefaults(object node)
    {
        if (node is System.Collections.IDictionary map)
        {
            foreach (var key in map.Keys.Cast<object>().ToList()) map[key] = WithModelDefaults(map[key]!);
            return node;
        }
        if (node is Array array)
        {
            for (var i = 0; i < array.Length; i++) if (array.GetValue(i) is { } item) array.SetValue(WithModelDefaults(item), i);
            return node;
        }
        var type = node.GetType();
        if (type.Namespace != typeof(CommunityBot.Discord.Models.Message).Namespace || type.GetConstructor(Type.EmptyTypes) is null) return node;
        var fresh = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties().Where(p => p.SetMethod is not null && p.Name != "EqualityContract"))
        {
            var value = property.GetValue(node);
            var declared = property.GetValue(fresh);
            var clrDefault = property.PropertyType.IsValueType ? Activator.CreateInstance(property.PropertyType) : null;
            if (Equals(value, clrDefault) && !Equals(declared, clrDefault)) property.SetValue(node, declared);
            else if (value is not null && !property.PropertyType.IsValueType && value is not string) property.SetValue(node, WithModelDefaults(value));
        }
        return node;
    }
}
