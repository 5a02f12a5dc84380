"""Adapts the chart's rendered manifests to `podman kube play` on the host network, changing nothing the
chart promises a cluster; each adaptation is listed in docs/operations.md ("The chart, run locally").

  adapt.py RENDERED.yaml OUT.yaml    (ports come from the environment: BACKUP_PORT, ...)
"""
import os
import sys

import yaml

PORTS = {name: int(os.environ[f"{name.upper()}_PORT"]) for name in ("backup", "recovery", "verification", "notification")}


def adapt(deployment):
    service = deployment["metadata"]["labels"]["app.kubernetes.io/component"].removesuffix("-service")
    port = PORTS[service]
    pod = deployment["spec"]["template"]["spec"]
    # podman has no ServiceAccounts and no topology; a pod on the host network takes the host's names.
    for field in ("serviceAccountName", "topologySpreadConstraints"):
        pod.pop(field, None)
    for container in pod["containers"]:
        # The host network has one port 8080: each service listens on its local port, on 127.0.0.1 only,
        # and recovery-service finds backup-service there (there is no Service to name).
        for variable in container["env"]:
            if variable["name"] == f"{service.upper()}_PORT":
                variable["value"] = str(port)
            elif variable["name"] == "AUTHCLOUD_BIND_HOST":
                variable["value"] = "127.0.0.1"
            elif variable["name"] == "BACKUP_SERVICE_URL":
                variable["value"] = f"http://127.0.0.1:{PORTS['backup']}"
        # podman refuses containerPort on the host network, and named probe ports with it.
        container.pop("ports", None)
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            if probe in container:
                container[probe]["httpGet"]["port"] = port
        # podman 4.3 knows no preStop sleep action (Kubernetes 1.30); stopping is podman's own.
        container.pop("lifecycle", None)
    # podman 4.3 panics on a secret volume without "optional", and fills it from a podman secret that
    # holds a Secret document with the files' contents as they are (play.sh makes "authcloud-files");
    # its env secretKeyRef needs flat JSON instead, so the two cannot share one podman secret.
    # podman makes every volume a named volume: emptyDirs get a name of their pod's own.
    renamed = {}
    for volume in pod.get("volumes", []):
        if "secret" in volume:
            volume["secret"]["optional"] = False
            volume["secret"]["secretName"] = "authcloud-files"
        elif "emptyDir" in volume:
            renamed[volume["name"]] = volume["name"] = f"{volume['name']}-{service}"
    for container in pod["containers"]:
        for mount in container.get("volumeMounts", []):
            mount["name"] = renamed.get(mount["name"], mount["name"])
    return deployment


def main(source, target):
    with open(source) as f:
        documents = [d for d in yaml.safe_load_all(f) if d]
    # podman ignores Services; the gateway reaches each pod on its port. Everything else that is not a
    # workload (ServiceAccounts, budgets, autoscalers, policies, test pods) means nothing to podman.
    deployments = [adapt(d) for d in documents if d["kind"] == "Deployment"]
    with open(target, "w") as f:
        yaml.safe_dump_all(deployments, f, sort_keys=False)
    print(f"{len(deployments)} deployments of {len(documents)} documents")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
