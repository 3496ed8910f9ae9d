using System.Data;
using Dapper;

namespace CommunityBot.Storage;

/// <summary>
/// Snowflakes are unsigned 64-bit ids; both databases store them as signed BIGINT. Discord ids stay below
/// 2^63 (they are timestamps), so the cast is lossless. These handlers let repositories bind and read
/// <c>ulong</c> directly.
/// </summary>
public static class DapperSetup
{
    private static int _done;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        SqlMapper.RemoveTypeMap(typeof(ulong));
        SqlMapper.RemoveTypeMap(typeof(ulong?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new SnowflakeHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    private sealed class SnowflakeHandler : SqlMapper.TypeHandler<ulong>
    {
        public override void SetValue(IDbDataParameter parameter, ulong value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = unchecked((long)value);
        }

        public override ulong Parse(object value) => unchecked((ulong)Convert.ToInt64(value));
    }

    /// <summary>Times are stored as UTC epoch milliseconds (BIGINT) so both dialects sort and compare them the same way.</summary>
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.ToUnixTimeMilliseconds();
        }

        public override DateTimeOffset Parse(object value) => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value));
    }
}
