using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CommunityBot.Discord.Gateway;

namespace CommunityBot.Benchmarks;

/// <summary>
/// Gateway receive-path cost: a recorded stream of MESSAGE_CREATE / GUILD_MEMBER_ADD / INTERACTION_CREATE
/// frames decoded into typed events (envelope pass + source-generated decode of <c>d</c>), against a bare
/// <see cref="Utf8JsonReader"/> pass that only tokenises the same bytes. Figures are per frame.
/// </summary>
[MemoryDiagnoser]
public class GatewayDecodeBenchmarks
{
    private const int FramesPerKind = 100;
    public const int FramesPerCall = FramesPerKind * 3;
    private byte[][] _frames = [];

    [GlobalSetup]
    public void Setup()
    {
        var frames = new List<byte[]>();
        var seq = 0;
        for (var i = 0; i < FramesPerKind; i++)
        {
            frames.Add(Frame("MESSAGE_CREATE", ++seq, MessageCreate(i)));
            frames.Add(Frame("GUILD_MEMBER_ADD", ++seq, MemberAdd(i)));
            frames.Add(Frame("INTERACTION_CREATE", ++seq, i % 2 == 0 ? SlashCommand(i) : ButtonClick(i)));
        }
        _frames = frames.ToArray();
        // Measure real decoding only: every frame must become its typed event.
        foreach (var frame in _frames)
        {
            var envelope = GatewayFrame.Parse(frame, decodeDispatch: true);
            if (envelope.Dispatch is null or UnknownDispatchEvent)
                throw new InvalidOperationException($"{envelope.EventName} did not decode to a typed event: {envelope.DecodeError?.Message}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerCall)]
    public int BareReader()
    {
        var tokens = 0;
        foreach (var frame in _frames)
        {
            var reader = new Utf8JsonReader(frame);
            while (reader.Read()) tokens++;
        }
        return tokens;
    }

    /// <summary>The envelope pass alone (op, s, t, and a skip over d): what every message costs before decoding.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerCall)]
    public int EnvelopeOnly()
    {
        var sum = 0;
        foreach (var frame in _frames) sum += GatewayFrame.Parse(frame).Sequence ?? 0;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = FramesPerCall)]
    public int TypedDecode()
    {
        var sum = 0;
        foreach (var frame in _frames)
        {
            // The gateway's own path: one pass reads the envelope and decodes `d` into the typed event.
            var evt = GatewayFrame.Parse(frame, decodeDispatch: true).Dispatch!;
            sum += evt.Sequence;
        }
        return sum;
    }

    private static byte[] Frame(string name, int seq, string data) =>
        Encoding.UTF8.GetBytes($"{{\"t\":\"{name}\",\"s\":{seq},\"op\":0,\"d\":{data}}}");

    private static string MessageCreate(int i) => $$"""
        {"type":0,"tts":false,"timestamp":"2026-05-01T12:00:{{i % 60:00}}.000000+00:00","pinned":false,"nonce":"{{1_300_000_000_000_000_000L + i}}",
         "mentions":[{"id":"80351110224678912","username":"helper","global_name":"Helper","avatar":"8342729096ea3675442027381ff50dfe","discriminator":"0","public_flags":0,
           "member":{"roles":["41771983423143936"],"joined_at":"2024-01-01T00:00:00.000000+00:00","deaf":false,"mute":false,"flags":0} }],
         "mention_roles":[],"mention_everyone":false,
         "member":{"roles":["41771983423143936","41771983423143937"],"premium_since":null,"pending":false,"nick":null,"mute":false,"joined_at":"2023-03-13T19:19:14.040000+00:00","flags":0,"deaf":false,"communication_disabled_until":null,"avatar":null},
         "id":"{{1_250_000_000_000_000_000L + i}}","flags":0,"embeds":[],"edited_timestamp":null,
         "content":"Has anyone figured out how to configure the reminder for the weekly community call? I set it up but it never fires <@80351110224678912>",
         "components":[],"channel_type":0,"channel_id":"290926798999357250",
         "author":{"username":"mason","public_flags":0,"id":"53908099506183680","global_name":"Mason","discriminator":"0","clan":null,"avatar_decoration_data":null,"avatar":"a_bab14f271d565501444b2ca3be944b25"},
         "attachments":[],"guild_id":"290926798626357999"}
        """;

    private static string MemberAdd(int i) => $$"""
        {"user":{"username":"newcomer{{i}}","public_flags":0,"id":"{{1_100_000_000_000_000_000L + i}}","global_name":"New Comer {{i}}","discriminator":"0","clan":null,"bot":false,"avatar_decoration_data":null,"avatar":null},
         "unusual_dm_activity_until":null,"roles":[],"premium_since":null,"pending":true,"nick":null,"mute":false,"joined_at":"2026-05-01T12:00:00.000000+00:00",
         "guild_id":"290926798626357999","flags":0,"deaf":false,"communication_disabled_until":null,"banner":null,"avatar":null}
        """;

    private static string SlashCommand(int i) => $$"""
        {"version":1,"type":2,"token":"aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnRva2VuLXZhbHVlLWZvci1iZW5jaG1hcmstb25seQ{{i}}",
         "member":{"user":{"username":"mason","public_flags":0,"id":"53908099506183680","global_name":"Mason","discriminator":"0","avatar":"a_bab14f271d565501444b2ca3be944b25"},
           "roles":["539082325061836999"],"premium_since":null,"permissions":"2248473465835073","pending":false,"nick":null,"mute":false,"joined_at":"2017-03-13T19:19:14.040000+00:00","flags":0,"deaf":false,"communication_disabled_until":null,"avatar":null},
         "locale":"en-US","id":"{{1_200_000_000_000_000_000L + i}}","guild_locale":"en-US","guild_id":"290926798626357999",
         "entitlements":[],"authorizing_integration_owners":{"0":"290926798626357999"},"context":0,
         "data":{"type":1,"name":"points","id":"771825006014889984","options":[{"type":1,"name":"grant","options":[{"value":"80351110224678912","type":6,"name":"member"},{"value":5,"type":4,"name":"amount"}]}],
           "resolved":{"users":{"80351110224678912":{"username":"helper","public_flags":0,"id":"80351110224678912","global_name":"Helper","discriminator":"0","avatar":null} },
                       "members":{"80351110224678912":{"roles":[],"premium_since":null,"permissions":"1024","pending":false,"nick":null,"joined_at":"2024-01-01T00:00:00.000000+00:00","flags":0,"communication_disabled_until":null,"avatar":null} } } },
         "channel_id":"645027906669510667","channel":{"type":0,"id":"645027906669510667","guild_id":"290926798626357999","name":"general","parent_id":null,"position":0},
         "application_id":"775799577604522054","app_permissions":"442368"}
        """;

    private static string ButtonClick(int i) => $$"""
        {"version":1,"type":3,"token":"aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnRva2VuLXZhbHVlLWZvci1iZW5jaG1hcmstb25seQ{{i}}",
         "message":{"type":0,"tts":false,"timestamp":"2026-05-01T11:00:00.000000+00:00","pinned":false,"mentions":[],"mention_roles":[],"mention_everyone":false,
           "id":"1250000000000000000","flags":0,"embeds":[{"type":"rich","title":"Weekly poll","description":"Which day suits the community call?","color":5793266}],
           "content":"","components":[{"type":1,"id":1,"components":[{"type":2,"style":1,"label":"Monday","id":2,"custom_id":"poll:vote:42:1"},{"type":2,"style":1,"label":"Tuesday","id":3,"custom_id":"poll:vote:42:2"}]}],
           "channel_id":"645027906669510667","author":{"username":"CommunityBot","id":"775799577604522054","bot":true,"discriminator":"0","avatar":null},"attachments":[]},
         "member":{"user":{"username":"mason","public_flags":0,"id":"53908099506183680","global_name":"Mason","discriminator":"0","avatar":null},
           "roles":["539082325061836999"],"permissions":"2248473465835073","pending":false,"nick":null,"joined_at":"2017-03-13T19:19:14.040000+00:00","flags":0,"communication_disabled_until":null},
         "locale":"en-US","id":"{{1_210_000_000_000_000_000L + i}}","guild_locale":"en-US","guild_id":"290926798626357999",
         "data":{"id":2,"custom_id":"poll:vote:42:1","component_type":2},
         "channel_id":"645027906669510667","application_id":"775799577604522054","app_permissions":"442368"}
        """;
}
