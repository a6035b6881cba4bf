using System.Net.Http.Json;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Chaos;

/// <summary>The management routes the outage test drives, on one node.</summary>
internal static class PatientCalls
{
    /// <summary>POST /patients/resolve: the person of an identifier first seen at <paramref name="site"/>.</summary>
    public static async Task<PatientResponse> ResolveAsync(this NodeProcess node, PatientIdentifierDto identifier, string site, string name)
    {
        using var response = await node.Http.PostAsJsonAsync("/patients/resolve",
            new ResolvePatientRequest(identifier.Issuer, identifier.PatientId, site, name, "1970-01-01", "O"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PatientResponse>())!;
    }

    /// <summary>What must survive a fail-over: the record without the node that answered for it.</summary>
    public static string RecordOf(PatientResponse p) =>
        $"{p.MasterId} home={p.HomeSite} ids=[{string.Join(",", p.Identifiers)}] name={p.Name} birth={p.BirthDate} sex={p.Sex} merged={p.MergedInto}";

    /// <summary>GET /patients/{masterId}; null when the node does not answer 200.</summary>
    public static async Task<PatientResponse?> PatientAsync(this NodeProcess node, string masterId)
    {
        using var response = await node.Http.GetAsync($"/patients/{Uri.EscapeDataString(masterId)}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PatientResponse>() : null;
    }

    /// <summary>GET /patients?issuer=&amp;patientId=; null when the node does not answer 200.</summary>
    public static async Task<PatientResponse?> PatientAsync(this NodeProcess node, PatientIdentifierDto identifier)
    {
        using var response = await node.Http.GetAsync(
            $"/patients?issuer={Uri.EscapeDataString(identifier.Issuer)}&patientId={Uri.EscapeDataString(identifier.PatientId)}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PatientResponse>() : null;
    }

    /// <summary>GET /cluster/shards/{type} as shard id → site of the region holding it (a shard listed twice is kept twice).</summary>
    public static async Task<IReadOnlyList<(string ShardId, string? Site, string Address)>> ShardsAsync(this NodeProcess node, string type)
    {
        var shards = await node.Http.GetFromJsonAsync<ShardsResponse>($"/cluster/shards/{type}");
        return [.. shards!.Regions.SelectMany(r => r.Shards.Select(s => (s.ShardId, r.Site, r.Address)))];
    }
}
