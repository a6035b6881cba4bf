using System.Globalization;
using System.Text.Json.Nodes;

namespace Peake.Cli.Ops;

/// <summary>
/// `peake sites show`: where each site's hospitals send (GET /sites): one row per live node with its DICOM endpoint
/// (host, port, called AE title) and DICOMweb base URL, and the site's hospital AE titles (the calling AE titles its
/// nodes accept). A site with no live node still has a row, with "-" for the node. --json prints the node's list
/// unchanged: <c>[{site, nodes: [{address, dicom: {host, port, ae}, dicomweb}], hospitals: [AE]}]</c>.
/// </summary>
internal static class SitesShowCommand
{
    public const string Words = "sites show";

    public static int Run(string[] args, TextWriter stdout) =>
        OpsCommand.Show(Words, args, stdout, "/sites", WriteTable);

    private static void WriteTable(TextWriter stdout, JsonNode doc)
    {
        var sites = doc is JsonArray array ? array.OfType<JsonNode>().ToList() : [];
        var table = new TextTable("SITE", "DICOM HOST:PORT", "CALLED AE", "NODE", "DICOMWEB", "HOSPITAL AE TITLES");
        int nodes = 0, hospitals = 0;
        foreach (var site in sites)
        {
            var name = JsonFields.Text(site, "site");
            var aes = JsonFields.Items(site, "hospitals").Select(h => h.ToString()).ToList();
            hospitals += aes.Count;
            var hospitalCell = aes.Count > 0 ? string.Join(",", aes) : null;
            var live = JsonFields.Items(site, "nodes").ToList();
            if (live.Count == 0)
            {
                table.Add(name, null, null, "(no live node)", null, hospitalCell);
            }

            foreach (var node in live)
            {
                var dicom = node["dicom"];
                var port = JsonFields.Number(dicom, "port")?.ToString(CultureInfo.InvariantCulture);
                table.Add(name, $"{JsonFields.Text(dicom, "host")}:{port}", JsonFields.Text(dicom, "ae"),
                    JsonFields.Text(node, "address"), JsonFields.Text(node, "dicomweb"), hospitalCell);
                nodes++;
            }
        }

        table.WriteTo(stdout);
        stdout.WriteLine($"{sites.Count} sites, {nodes} live nodes, {hospitals} hospitals (a hospital's calling AE title must be listed at the site it sends to)");
    }
}
