from lecturehall.modules.certificates.models.batch import BatchStatus, CertificateBatch
from lecturehall.modules.certificates.models.certificate import Certificate
from lecturehall.modules.certificates.models.policy import CertificatePolicy, ProgrammeRule

__all__ = ["BatchStatus", "Certificate", "CertificateBatch", "CertificatePolicy", "ProgrammeRule"]
