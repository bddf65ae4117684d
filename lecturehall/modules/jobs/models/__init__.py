from lecturehall.modules.jobs.models.job_run import JobRun

__all__ = ["JobRun"]
