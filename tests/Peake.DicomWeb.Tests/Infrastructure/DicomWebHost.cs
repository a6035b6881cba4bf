using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Callers;
using Peake.DicomWeb.Retrieve;
using Peake.DicomWeb.Store;

namespace Peake.DicomWeb.Tests.Infrastructure;

/// <summary>The DICOMweb routes on a real Kestrel at 127.0.0.1 on a free port, over a <see cref="TestArchive"/>.</summary>
internal sealed class DicomWebHost : IAsyncDisposable, IDicomWebCallers, IRetrievalRecorder
{
    public const string Hospital = "HOSP_A";

    private WebApplication? _app;

    private DicomWebHost(TestArchive archive) => Archive = archive;

    public TestArchive Archive { get; }

    /// <summary>e.g. http://127.0.0.1:41234/dicomweb</summary>
    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<(string Study, string Hospital, string Via)> Retrievals { get; } = new();

    public static async Task<DicomWebHost> StartAsync(string directory, DicomWebOptions? options = null)
    {
        options ??= new DicomWebOptions();
        var host = new DicomWebHost(new TestArchive(directory));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IQueryService>(host.Archive);
        builder.Services.AddSingleton<IRetrieveSource>(host.Archive);
        builder.Services.AddSingleton<IStowTarget>(host.Archive);
        builder.Services.AddSingleton<IDicomWebCallers>(host);
        builder.Services.AddSingleton<IRetrievalRecorder>(host);
        var app = builder.Build();
        app.MapDicomWeb(options);
        await app.StartAsync();
        host._app = app;
        host.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + options.BasePath;
        return host;
    }

    // The dev-mode identity of BRIEF6 6: X-Peake-Hospital, validated against the known hospitals.
    public string? HospitalOf(HttpRequest request) =>
        request.Headers["X-Peake-Hospital"].ToString() is Hospital ? Hospital : null;

    public void Record(string studyInstanceUid, string hospitalAeTitle, string via) =>
        Retrievals.Enqueue((studyInstanceUid, hospitalAeTitle, via));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
