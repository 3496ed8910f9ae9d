namespace CommunityBot.Discord.Gateway;

/// <summary>What to do after a connection ends (checklist §1.11 and §1.15).</summary>
internal enum NextStep
{
    /// <summary>Reconnect to resume_gateway_url and RESUME (falls back to IDENTIFY without a session).</summary>
    Resume,
    /// <summary>Forget the session; fresh connection to the cached gateway url and IDENTIFY.</summary>
    NewSession,
    /// <summary>Op 9 with d:false: like <see cref="NewSession"/>, after a random 1–5 s wait.</summary>
    InvalidSession,
    /// <summary>Never reconnect: the operator must fix the token, shard or intents.</summary>
    Fatal,
}

internal sealed record ConnectionEnd(NextStep Next, int? CloseCode, string Reason, bool ConnectFailed = false)
{
    /// <summary>Ended by op 9: Discord answered, so this is no failed connection attempt (no backoff beyond op 9's own wait).</summary>
    public bool InvalidSession { get; init; }

    public static ConnectionEnd Resume(string reason, int? closeCode = null) => new(NextStep.Resume, closeCode, reason);
    public static ConnectionEnd FailedToConnect(string reason) => new(NextStep.Resume, null, reason, ConnectFailed: true);
}

/// <summary>OPC § Gateway Close Event Codes, mapped to an action.</summary>
internal static class GatewayCloseCodes
{
    public static ConnectionEnd Classify(int? code, string? reason)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? "" : $" \"{reason}\"";
        return code switch
        {
            4004 => Fatal(4004, "Discord rejected the token (4004 Authentication failed): check Discord__Token"),
            4010 => Fatal(4010, "Discord rejected the shard (4010 Invalid shard): check Discord__ShardId and Discord__ShardCount"),
            4011 => Fatal(4011, "Discord requires sharding (4011 Sharding required): set Discord__ShardCount to the recommended shard count"),
            4012 => Fatal(4012, "Discord rejected the API version (4012 Invalid API version): the client must speak v10"),
            4013 => Fatal(4013, "Discord rejected the intents (4013 Invalid intent(s)): check Discord__Intents"),
            4014 => Fatal(4014, "Discord refused privileged intents (4014 Disallowed intent(s)): enable Server Members / Message Content in the Developer Portal or remove them from Discord__Intents"),
            4003 or 4007 or 4009 => new ConnectionEnd(NextStep.NewSession, code, $"closed with {code}{text}: starting a new session"),
            null => ConnectionEnd.Resume("connection closed without a close code: resuming"),
            _ => ConnectionEnd.Resume($"closed with {code}{text}: resuming", code),
        };
    }

    /// <summary>4001, 4002 and 4005 mean we sent something wrong: worth an error in the log, but still resumable.</summary>
    public static bool IsOurBug(int? code) => code is 4001 or 4002 or 4005;

    private static ConnectionEnd Fatal(int code, string message) => new(NextStep.Fatal, code, message);
}
