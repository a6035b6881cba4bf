using Microsoft.AspNetCore.Http;

namespace Peake.DicomWeb.Callers;

/// <summary>
/// Who a DICOMweb request comes from: the calling hospital's AE title (BRIEF6 6: DICOMweb has no association, so a
/// per-hospital token, or in development the <c>X-Peake-Hospital</c> header, stands for it). Null: an unknown
/// caller, answered 401 before anything is looked up.
/// </summary>
public interface IDicomWebCallers
{
    string? HospitalOf(HttpRequest request);
}
