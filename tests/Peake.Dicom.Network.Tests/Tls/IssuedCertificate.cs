using System.Security.Cryptography.X509Certificates;

namespace Peake.Dicom.Network.Tests.Tls;

/// <summary>A certificate with its private key, and the PEM files dcmtk reads (+tls KEY CERT).</summary>
public sealed record IssuedCertificate(X509Certificate2 Certificate, string KeyPem, string CertificatePem);
