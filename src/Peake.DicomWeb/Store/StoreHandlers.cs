using Microsoft.AspNetCore.Http;
using Peake.Dicom.Network.Query;

namespace Peake.DicomWeb.Store;

internal sealed class StoreHandlers(IStowTarget target, DicomWebOptions options)
{
    public Task StoreAsync(HttpContext context, QueryContext caller) => throw new NotImplementedException($"{target}{options}");
}
